/**
 * Subgraphs as the explorer draws them: every node keeps its attributes but
 * long lists are cut to their first few with a `<name>Count`. An address seen
 * in thousands of raw spellings would otherwise carry all of them into every
 * ring picture (measured: 7 MB of a 7.3 MB ring subgraph at 100k sellers were
 * address variants). The full lists stay one click away, in entity detail.
 */
import type { GraphNode, Subgraph } from '../../../engine/index.ts';

export const LIST_PREVIEW = 5;

export function slimNode(node: GraphNode): GraphNode {
  let attributes: GraphNode['attributes'] | null = null;
  for (const [name, value] of Object.entries(node.attributes)) {
    if (!Array.isArray(value) || value.length <= LIST_PREVIEW) continue;
    attributes ??= { ...node.attributes };
    attributes[name] = value.slice(0, LIST_PREVIEW);
    attributes[`${name}Count`] = value.length;
  }
  return attributes === null ? node : { ...node, attributes };
}

export function slimSubgraph(graph: Subgraph): Subgraph {
  return { ...graph, nodes: graph.nodes.map(slimNode) };
}
