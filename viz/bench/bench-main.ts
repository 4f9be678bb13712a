/**
 * The benchmark page: feeds a synthetic ring subgraph to the explorer's own
 * graph, renderer and layout modules (the same code the app runs) and
 * measures time to first frame, time to a settled layout, and the longest
 * gap between animation frames while the layout ran — the page's freeze, if
 * any. `tests/bench/viz.ts` drives it in headless Chromium.
 */
import { DirectedGraph } from 'graphology';
import type { EdgeAttributes, ExplorerGraph, NodeAttributes } from '../graph/attributes.ts';
import { mergeSubgraph } from '../graph/merge-subgraph.ts';
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

declare global {
  interface Window {
    __bench?: { run(order: number): Promise<BenchResult> };
  }
}

async function run(order: number): Promise<BenchResult> {
  const stage = document.getElementById('stage')!;
  const subgraph = syntheticRing(order);
  const started = performance.now();
  const graph: ExplorerGraph = new DirectedGraph<NodeAttributes, EdgeAttributes>({ multi: false, allowSelfLoops: false });
  const members = new Set(subgraph.nodes.filter((n) => n.type === 'seller').slice(0, 50).map((n) => n.id));
  mergeSubgraph(graph, subgraph, { members, evidence: new Map() });
  const view = createGraphView(stage, graph);
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

window.__bench = { run };
