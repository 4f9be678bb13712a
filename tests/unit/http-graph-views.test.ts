/** Subgraph views: long attribute lists are cut to a preview with their full count. */
import { describe, expect, it } from 'vitest';
import { LIST_PREVIEW, slimSubgraph } from '../../api/http/use-cases/graph-views.ts';

describe('slimSubgraph', () => {
  it('when a node has a long list, then it keeps the first items and the count; short lists and scalars are untouched', () => {
    const variants = Array.from({ length: 40 }, (_, i) => `variant ${i}`);
    const graph = {
      nodes: [{ id: 'address:k', type: 'address' as const, key: 'k', label: 'K', attributes: { variants, brands: ['a'], sellers: 3 } }],
      edges: [],
      truncated: false,
    };

    const slim = slimSubgraph(graph);

    expect(slim.nodes[0]?.attributes).toEqual({ variants: variants.slice(0, LIST_PREVIEW), variantsCount: 40, brands: ['a'], sellers: 3 });
    expect(graph.nodes[0]?.attributes.variants).toHaveLength(40);
  });
});
