/**
 * The marketplace overview: every visible ring as one node (sized by members,
 * coloured by score) and a link wherever two rings share identifiers (weight
 * by how many, down-weighted by how common each is). Laid out by the same
 * ForceAtlas2 worker; usable at 2,000 rings because the graph is small in
 * edges and labels go through sigma's label grid.
 */
import { UndirectedGraph } from 'graphology';
import type { ApiClient } from '../remote/client.ts';
import type { RingsOverview } from '../../api/http/schemas.ts';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import { unitHash } from '../graph/merge-subgraph.ts';
import { isMinorGroup } from '../ui/ring-list.ts';
import type { Tier } from '../state/view-link.ts';
import { createLayoutRunner, type LayoutRunner } from '../layout/layout-runner.ts';
import { createGraphView, type GraphView } from '../render/graph-view.ts';

export interface OverviewSession {
  readonly overview: RingsOverview;
  readonly graph: ExplorerGraph;
  readonly view: GraphView;
  readonly layout: LayoutRunner;
  kill(): void;
}

/** Which rings the overview draws by tier: real rings only (`ring`, the default), only pairs and zero-score groups (`linked`), or every group (`all`). */
export function overviewGraph(overview: RingsOverview, options: { tier?: Tier } = {}): ExplorerGraph {
  const graph: ExplorerGraph = new UndirectedGraph<NodeAttributes, EdgeAttributes>({ multi: false, allowSelfLoops: false });
  const tier = options.tier ?? 'ring';
  const rings = tier === 'all' ? overview.rings : overview.rings.filter((r) => isMinorGroup(r) === (tier === 'linked'));
  const spread = 12 * Math.sqrt(rings.length + 1);
  for (const ring of rings) {
    const id = `ring:${ring.id}`;
    const angle = unitHash(id) * Math.PI * 2;
    const radius = spread * Math.sqrt(unitHash(id, 7));
    graph.addNode(id, {
      x: Math.cos(angle) * radius,
      y: Math.sin(angle) * radius,
      nodeType: 'ring',
      key: ring.id,
      label: ring.brands.length ? `${ring.id} · ${ring.brands[0]}` : ring.id,
      ringMember: false,
      attributes: { score: ring.score, size: ring.size, change: ring.change, brands: ring.brands },
      at: null,
      magnitude: ring.size,
    });
  }
  const strongest = Math.max(1e-9, ...overview.links.map((l) => l.weight));
  for (const link of overview.links) {
    const source = `ring:${link.source}`;
    const target = `ring:${link.target}`;
    if (!graph.hasNode(source) || !graph.hasNode(target) || graph.hasEdge(source, target)) continue;
    graph.addUndirectedEdge(source, target, { edgeType: 'SHARES', evidence: link.weight / strongest, weight: 1 + (2 * link.weight) / strongest });
  }
  return graph;
}

export async function openOverviewSession(
  container: HTMLElement,
  api: ApiClient,
  handlers: { onClickRing(ringId: string | null): void; onOpenRing(ringId: string): void; onChange(): void },
  options: { tier?: Tier } = {},
): Promise<OverviewSession> {
  const overview = await api.overview();
  const graph = overviewGraph(overview, options);
  const view = createGraphView(
    container,
    graph,
    {
      onClickNode: (node) => {
        view.select(node);
        handlers.onClickRing(graph.getNodeAttribute(node, 'key'));
      },
      onDoubleClickNode: (node) => handlers.onOpenRing(graph.getNodeAttribute(node, 'key')),
      onClickStage: () => {
        view.select(null);
        handlers.onClickRing(null);
      },
    },
    // Thousands of ring labels: only the biggest rings per cell get one.
    { labelDensity: 0.35, labelRenderedSizeThreshold: 9 },
    { ringColor: 'score' },
  );
  const layout = createLayoutRunner(graph);
  layout.onChange((status) => {
    view.setLayoutRunning(status === 'running');
    handlers.onChange();
  });
  layout.start();
  return {
    overview,
    graph,
    view,
    layout,
    kill() {
      layout.kill();
      view.kill();
    },
  };
}
