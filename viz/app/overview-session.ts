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
import { createLayoutRunner, type LayoutRunner } from '../layout/layout-runner.ts';
import { createGraphView, type GraphView } from '../render/graph-view.ts';

export interface OverviewSession {
  readonly overview: RingsOverview;
  readonly graph: ExplorerGraph;
  readonly view: GraphView;
  readonly layout: LayoutRunner;
  kill(): void;
}

export function overviewGraph(overview: RingsOverview): ExplorerGraph {
  const graph: ExplorerGraph = new UndirectedGraph<NodeAttributes, EdgeAttributes>({ multi: false, allowSelfLoops: false });
  const spread = 12 * Math.sqrt(overview.rings.length + 1);
  for (const ring of overview.rings) {
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
): Promise<OverviewSession> {
  const overview = await api.overview();
  const graph = overviewGraph(overview);
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
