/**
 * The detection use case against a store: read the previous run's rings for
 * lineage, detect, then save the run atomically (the previous run stays
 * current until the new one is fully written).
 */
import type { Logger } from '../model/logger.ts';
import type { DetectParams } from '../model/rings.ts';
import type { DetectionReads, RingReads, RingWrites, SaveRunOptions } from '../store/ports.ts';
import { DEFAULT_DETECT_PARAMS, detectRings, type DetectOptions, type DetectResult } from './detect-rings.ts';
import type { LineageInput } from './lineage.ts';

export interface RunDetectionOptions extends Pick<DetectOptions, 'newRunId' | 'now'> {
  logger?: Logger;
  onStage?: (stage: string) => void;
  /** Passed to saveRun (the lock fence). */
  save?: SaveRunOptions;
}

export async function previousRings(store: RingReads): Promise<{ runId: string; rings: LineageInput[] } | null> {
  const current = await store.currentRun();
  if (!current) return null;
  const rings: LineageInput[] = [];
  const page = 1_000;
  for (let offset = 0; ; offset += page) {
    const { rings: batch, total } = await store.listRings({ runId: current.id, offset, limit: page, sort: 'score' });
    for (const r of batch) rings.push({ id: r.id, members: r.members });
    if (offset + page >= total || batch.length === 0) break;
  }
  return { runId: current.id, rings };
}

export async function runDetection(
  store: DetectionReads & RingReads & RingWrites,
  params: Partial<DetectParams> = {},
  options: RunDetectionOptions = {},
): Promise<DetectResult> {
  const full: DetectParams = { ...DEFAULT_DETECT_PARAMS, ...params };
  const previous = await previousRings(store);
  const { save, ...detectOptions } = options;
  const result = await detectRings(store, full, { ...detectOptions, previous });
  const t = performance.now();
  await store.saveRun(result.run, result.rings, save);
  result.run.timingsMs.write = Math.round(performance.now() - t);
  options.onStage?.('write');
  return result;
}
