/**
 * Runs ForceAtlas2 for a graph in the worker and writes positions back:
 * `start()` after the graph changes (ring opened, expansion merged, undo),
 * `pause()`/`resume()` for the toolbar, `kill()` on teardown. Positions are
 * the only node attributes the layout writes. Settings follow
 * graphology-layout-forceatlas2's `inferSettings`, with strong gravity so
 * disconnected pieces (a ring's peripheral shops) stay on screen.
 */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
import { graphToByteArrays } from 'graphology-layout-forceatlas2/helpers.js';
import type { ExplorerGraph } from '../graph/attributes.ts';
import { PPN, type FromWorker, type StopRule, type ToWorker } from './layout-protocol.ts';

export type LayoutStatus = 'running' | 'paused' | 'settled' | 'idle';

export interface LayoutRunner {
  start(): void;
  /** The graph's inputs changed (pins) while not running: the next resume starts a fresh run that reads them. */
  invalidate(): void;
  /** Ends the current run where it stands (a saved view's positions were restored): status `settled`, later ticks ignored. */
  halt(): void;
  pause(): void;
  resume(): void;
  status(): LayoutStatus;
  /** Iterations of the current run. */
  iterations(): number;
  /** How the last run ended (null while running or before the first). */
  settledBy(): 'converged' | 'limit' | null;
  onChange(listener: (status: LayoutStatus) => void): () => void;
  kill(): void;
}

export interface LayoutOptions {
  stop?: Partial<StopRule>;
  /** Called after positions were written (sigma refreshes on graph events by itself). */
  onTick?: () => void;
  createWorker?: () => Worker;
  /** Nodes the layout must not move (pinned by the investigator), read at each start. */
  pinned?: () => ReadonlySet<string>;
}

export const DEFAULT_STOP: StopRule = { tolerance: 0.0004, patience: 4, maxIterations: 3_000, maxMs: 30_000 };

export function layoutSettings(order: number): Required<ForceAtlas2Settings> {
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: order > 2_000 ? 2 : 10,
    strongGravityMode: true,
    gravity: 0.05,
    slowDown: 1 + Math.log(Math.max(1, order)),
    barnesHutOptimize: order > 500,
    barnesHutTheta: 0.6,
  };
}

/**
 * The worker's input: graphology-layout-forceatlas2's own flat matrices
 * (`graphToByteArrays`: mass = 1 + weighted degree, edge weight from the
 * edge's `weight`), plus each node's row in graph order, which positions
 * coming back are indexed by (2 per node).
 */
function matrices(graph: ExplorerGraph, pinned: ReadonlySet<string>): { nodes: Float32Array; edges: Float32Array; index: Map<string, number> } {
  const { nodes, edges } = graphToByteArrays(graph, (_edge, attributes) => attributes.weight);
  const index = new Map<string, number>();
  let row = 0;
  graph.forEachNode((node) => {
    // Column 9 is FA2's "fixed" flag: iterate() leaves such a node where it is.
    if (pinned.has(node)) nodes[row * PPN + 9] = 1;
    index.set(node, row++);
  });
  return { nodes, edges, index };
}

const defaultWorker = (): Worker => new Worker(new URL('./fa2.worker.ts', import.meta.url), { type: 'module' });

export function createLayoutRunner(graph: ExplorerGraph, options: LayoutOptions = {}): LayoutRunner {
  const listeners = new Set<(status: LayoutStatus) => void>();
  const stop: StopRule = { ...DEFAULT_STOP, ...options.stop };
  let worker: Worker | null = null;
  let state: LayoutStatus = 'idle';
  let indexOf = new Map<string, number>();
  let iterations = 0;
  let run = 0;
  let settledBy: 'converged' | 'limit' | null = null;
  /** The worker's job belongs to a run `halt()` ended: resuming must start afresh. */
  let halted = false;

  const set = (next: LayoutStatus): void => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  };
  const post = (message: ToWorker, transfer: Transferable[] = []): void => worker?.postMessage(message, transfer);

  let pending: Float32Array | null = null;
  let frame = 0;

  const onMessage = (event: MessageEvent<FromWorker>): void => {
    const message = event.data;
    // A message of an earlier run (the graph changed since) indexes other nodes.
    if (message.run !== run) return;
    if (message.type === 'tick') {
      iterations = message.iterations;
      // Positions are applied once per animation frame: ticks that arrive while the page draws are coalesced.
      const first = pending === null;
      pending = message.positions;
      if (first) frame = requestAnimationFrame(applyPending);
    } else {
      iterations = message.iterations;
      settledBy = message.reason;
      if (pending !== null) {
        cancelAnimationFrame(frame);
        applyPending();
      }
      set('settled');
    }
  };

  const applyPending = (): void => {
    const positions = pending;
    pending = null;
    if (positions === null) return;
    // One bulk update: one graph event for sigma, not one per node.
    graph.updateEachNodeAttributes(
      (node, attr) => {
        const i = indexOf.get(node);
        if (i !== undefined) {
          attr.x = positions[i * 2]!;
          attr.y = positions[i * 2 + 1]!;
        }
        return attr;
      },
      { attributes: ['x', 'y'] },
    );
    options.onTick?.();
  };

  return {
    start() {
      if (graph.order === 0) {
        set('idle');
        return;
      }
      if (!worker) {
        worker = (options.createWorker ?? defaultWorker)();
        worker.onmessage = onMessage;
      }
      const m = matrices(graph, options.pinned?.() ?? new Set());
      // Positions of the previous run index other nodes.
      cancelAnimationFrame(frame);
      pending = null;
      indexOf = m.index;
      iterations = 0;
      run++;
      settledBy = null;
      halted = false;
      post({ type: 'start', run, nodes: m.nodes, edges: m.edges, settings: layoutSettings(graph.order), stop }, [m.nodes.buffer, m.edges.buffer]);
      set('running');
    },
    invalidate() {
      if (state !== 'running') halted = true;
    },
    halt() {
      cancelAnimationFrame(frame);
      pending = null;
      if (state === 'running') post({ type: 'pause' });
      run++;
      halted = true;
      settledBy = 'converged';
      set(graph.order === 0 ? 'idle' : 'settled');
    },
    pause() {
      if (state !== 'running') return;
      post({ type: 'pause' });
      set('paused');
    },
    resume() {
      if (halted) return this.start();
      if (!worker) return;
      post({ type: 'resume' });
      set('running');
    },
    status: () => state,
    iterations: () => iterations,
    settledBy: () => settledBy,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kill() {
      cancelAnimationFrame(frame);
      pending = null;
      worker?.terminate();
      worker = null;
      listeners.clear();
      state = 'idle';
    },
  };
}
