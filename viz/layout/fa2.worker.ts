/**
 * ForceAtlas2 in a web worker (Jacomy et al., 2014, as implemented by
 * graphology-layout-forceatlas2's `iterate`). It runs iterations in short
 * batches, posts positions after each, and stops by itself once the layout
 * has settled: mean node movement per iteration below a small share of the
 * drawing's extent for a few batches in a row, or an iteration cap. Batches
 * yield to the event loop so pause and resume are answered at once.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import { PPE, PPN, type FromWorker, type ToWorker } from './layout-protocol.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

/**
 * Iterations per batch, from the graph's size alone — never from the clock —
 * so the stop rule is checked at the same iterations on every machine and a
 * ring settles to the same picture for every user (~20 ms of work per batch
 * on a laptop core; only the `maxMs` safety cap depends on speed).
 */
function iterationsPerBatch(nodes: number, edges: number): number {
  return Math.max(1, Math.min(50, Math.round(60_000 / Math.max(1, nodes + edges))));
}

let job: Extract<ToWorker, { type: 'start' }> | null = null;
let running = false;
let iterations = 0;
let calm = 0;
/** Layout work of this run so far (paused time excluded). */
let workMs = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function extent(nodes: Float32Array): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < nodes.length; i += PPN) {
    const x = nodes[i]!;
    const y = nodes[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return Math.max(1, Math.hypot(maxX - minX, maxY - minY));
}

function positionsOf(nodes: Float32Array): Float32Array {
  const out = new Float32Array((nodes.length / PPN) * 2);
  for (let i = 0, j = 0; i < nodes.length; i += PPN, j += 2) {
    out[j] = nodes[i]!;
    out[j + 1] = nodes[i + 1]!;
  }
  return out;
}

function batch(): void {
  timer = null;
  if (!job || !running) return;
  const { nodes, edges, settings, stop } = job;
  const before = positionsOf(nodes);
  const started = performance.now();
  const per = iterationsPerBatch(nodes.length / PPN, edges.length / PPE);
  let done = 0;
  do {
    iterate(settings, nodes, edges);
    done++;
  } while (done < per && iterations + done < stop.maxIterations);
  iterations += done;
  workMs += performance.now() - started;

  let moved = 0;
  for (let i = 0, j = 0; i < nodes.length; i += PPN, j += 2) moved += Math.hypot(nodes[i]! - before[j]!, nodes[i + 1]! - before[j + 1]!);
  const count = Math.max(1, nodes.length / PPN);
  const movement = moved / count / done / extent(nodes);
  const positions = positionsOf(nodes);
  scope.postMessage({ type: 'tick', run: job.run, positions, iterations, movement }, [positions.buffer]);

  calm = movement < stop.tolerance ? calm + 1 : 0;
  if (calm >= stop.patience || iterations >= stop.maxIterations || workMs >= stop.maxMs) {
    running = false;
    scope.postMessage({ type: 'settled', run: job.run, reason: calm >= stop.patience ? 'converged' : 'limit', iterations, ms: Math.round(workMs) });
    return;
  }
  timer = setTimeout(batch, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'start') {
    job = message;
    iterations = 0;
    calm = 0;
    workMs = 0;
    running = true;
  } else if (message.type === 'pause') {
    running = false;
  } else {
    // Resuming after a settle gives the layout a fresh budget.
    if (job && (iterations >= job.stop.maxIterations || workMs >= job.stop.maxMs)) {
      iterations = 0;
      workMs = 0;
    }
    calm = 0;
    running = job !== null;
  }
  if (running && timer === null) timer = setTimeout(batch, 0);
};
