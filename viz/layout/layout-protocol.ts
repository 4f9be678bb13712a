/**
 * Messages between the layout runner (page) and the ForceAtlas2 worker, and
 * the flat matrices they share: 10 floats per node and 3 per edge, the layout
 * of graphology-layout-forceatlas2's `iterate`.
 */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

export const PPN = 10;
export const PPE = 3;

export interface StopRule {
  /** Settled when mean movement per iteration falls below this share of the graph's extent… */
  tolerance: number;
  /** …for this many consecutive batches. */
  patience: number;
  /** Hard caps, so a graph that never calms down still stops. */
  maxIterations: number;
  /** Wall-clock cap of one run, in ms of layout work. */
  maxMs: number;
}

export type ToWorker =
  | { type: 'start'; run: number; nodes: Float32Array; edges: Float32Array; settings: Required<ForceAtlas2Settings>; stop: StopRule }
  | { type: 'pause' }
  | { type: 'resume' };

export type FromWorker =
  | { type: 'tick'; run: number; positions: Float32Array; iterations: number; movement: number }
  | { type: 'settled'; run: number; reason: 'converged' | 'limit'; iterations: number; ms: number };
