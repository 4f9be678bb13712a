/**
 * The benchmark page: feeds a synthetic ring subgraph to the explorer's own
 * graph, renderer and layout modules (the same code the app runs) and
 * measures time to first frame, time to a settled layout, and the longest
 * gap between animation frames while the layout ran — the page's freeze, if
 * any. `tests/bench/viz.ts` drives it in headless Chromium.
 */
import { DirectedGraph } from 'graphology';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import type { Subgraph, WhyItem } from '../../api/http/schemas.ts';
import { evidenceIndex, type EvidenceIndex } from '../graph/evidence.ts';
import { mergeSubgraph } from '../graph/merge-subgraph.ts';
import type { EvidenceContext } from '../graph/visibility.ts';
import { createLayoutRunner } from '../layout/layout-runner.ts';
import { createGraphView } from '../render/graph-view.ts';
import { syntheticRing } from './synthetic-ring.ts';

export interface BenchResult {
  nodes: number;
  edges: number;
  firstFrameMs: number;
  settledMs: number;
  settledBy: string | null;
  iterations: number;
  longestFrameGapMs: number;
  /** Frames slower than 100 ms (10 fps) while the layout ran. */
  slowFrames: number;
  frames: number;
}

/** A real ring for the evidence-view run: its subgraph, its members' "why" and its likely sources. */
export interface BenchRing {
  subgraph: Subgraph;
  members: Array<{ sellerId: string; why: WhyItem[] }>;
  sources: string[];
}

declare global {
  interface Window {
    __bench?: { run(order: number): Promise<BenchResult>; runRing(ring: BenchRing): Promise<BenchResult & { shown: number }> };
  }
}

async function run(order: number): Promise<BenchResult> {
  const subgraph = syntheticRing(order);
  const members = new Set(subgraph.nodes.filter((n) => n.type === 'seller').slice(0, 50).map((n) => n.id));
  return measure(subgraph, members, new Map(), null);
}

/** The evidence view of a real ring: the graph holds every node, the view shows the evidence only (the layout still places all). */
async function runRing(ring: BenchRing): Promise<BenchResult & { shown: number }> {
  const members = new Set(ring.members.map((m) => `seller:${m.sellerId}`));
  let shown = 0;
  const result = await measure(ring.subgraph, members, evidenceIndex(ring.members), { sources: new Set(ring.sources), pinned: new Set() }, (n) => (shown = n));
  return { ...result, shown };
}

async function measure(subgraph: Subgraph, members: Set<string>, evidence: EvidenceIndex, context: EvidenceContext | null, onShown?: (visible: number) => void): Promise<BenchResult> {
  const stage = document.getElementById('stage')!;
  const started = performance.now();
  const graph: ExplorerGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ multi: false, allowSelfLoops: false });
  mergeSubgraph(graph, subgraph, { members, evidence });
  const view = createGraphView(stage, graph, {}, {}, context ? { evidenceContext: () => context } : {});
  if (context) {
    view.setFilters({ hiddenTypes: new Set(), minEvidence: 0, timeRange: null, view: 'evidence' });
    onShown?.(graph.order - view.visibility().hiddenNodes.size);
  }
  // Sigma draws once in its constructor; the next animation frame is when that is on screen.
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const firstFrameMs = performance.now() - started;

  let longest = 0;
  let slowFrames = 0;
  let frames = 0;
  let last = performance.now();
  let watching = true;
  const watch = (now: number): void => {
    longest = Math.max(longest, now - last);
    frames++;
    if (now - last > 100) slowFrames++;
    last = now;
    if (watching) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);

  const layout = createLayoutRunner(graph);
  const layoutStarted = performance.now();
  await new Promise<void>((resolve) => {
    layout.onChange((status) => {
      view.setLayoutRunning(status === 'running');
      if (status === 'settled') resolve();
    });
    layout.start();
  });
  const settledMs = performance.now() - layoutStarted;
  watching = false;
  await view.nextFrame();
  const result: BenchResult = {
    nodes: graph.order,
    edges: graph.size,
    firstFrameMs: Math.round(firstFrameMs),
    settledMs: Math.round(settledMs),
    settledBy: layout.settledBy(),
    iterations: layout.iterations(),
    longestFrameGapMs: Math.round(longest),
    slowFrames,
    frames,
  };
  layout.kill();
  view.kill();
  return result;
}

window.__bench = { run, runRing };
