import { describe, expect, it } from 'vitest';
import type { IngestReport } from '../../engine/index.ts';
import { describeIngest } from '../../api/cli/commands/ingest.ts';

const report = (accepted: number): IngestReport =>
  ({ written: true, accepted, rejected: 0, dir: 'export', elapsedMs: 120, rowsPerSecond: accepted > 0 ? 171 : 0, files: [], warnings: [], errors: [] }) as unknown as IngestReport;

describe('describeIngest', () => {
  it('when no rows were ingested, then no rate is shown; with rows it is', () => {
    expect(describeIngest(report(0))).toBe('ingested 0 rows from export in 0.1 s');
    expect(describeIngest(report(20))).toContain('(171 rows/s)');
  });
});
