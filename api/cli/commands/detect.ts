/** `ringtrace detect [--out FILE] [--resolution R] [--seed S]`: run detection and save the run. */
import { hostname } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';
import {
  alertPolicy, deliverAlerts, describeRange, DETECT_PARAM_RANGES, EngineError, inRange, webhookTarget, DEFAULT_DETECT_PARAMS, DETECTION_ENGINES, GDS_AUTO_MIN_SELLERS, GDS_PROJECTIONS, runExclusiveDetection, type DetectionEngine, type DetectParams, type DetectResult, type GdsProjection, type RingOutput,
} from '../../../engine/index.ts';
import type { CliContext } from '../context.ts';
import { assertWritableFile, MAX_LISTED, wholeNumber, writeOutFile } from '../options.ts';
import { describeRings } from './rings.ts';
import type { RegisterCommand } from './types.ts';

const STAGES = ['read', 'projection', 'louvain', 'scoring', 'lineage', 'write'];

export interface DetectCliOptions {
  /** Wait up to this long (ms) for a running run instead of refusing (0: refuse at once). */
  waitMs: number;
  /** Where communities are found (default `auto`). */
  engine?: DetectionEngine;
  /** How a GDS engine gets the evidence graph (default `bolt`). */
  projection?: GdsProjection;
  /** Longest wait (ms) for the run's webhook deliveries before exiting (default 10 s). */
  deliverWaitMs?: number;
}

/** The lock owner a CLI run shows to whoever it refuses. */
export const cliOwner = (): string => `cli pid ${process.pid} on ${hostname()}`;

export async function detectWithProgress(ctx: CliContext, params: Partial<DetectParams>, options: DetectCliOptions = { waitMs: 0 }): Promise<DetectResult> {
  const store = await ctx.store();
  const bar = ctx.progress('detect');
  let done = 0;
  bar.update(0, STAGES.length, 'reading identifiers');
  try {
    return await runExclusiveDetection(store, params, {
      engine: options.engine ?? 'auto',
      projection: options.projection ?? 'bolt',
      owner: cliOwner(),
      leaseMs: ctx.config.lockLeaseMs,
      waitMs: options.waitMs,
      onWaiting: (held) => ctx.info(`waiting for detection run ${held.runId} (${held.owner}) to finish…`),
      logger: ctx.logger,
      onStage: (stage) => bar.update(++done, STAGES.length, stage),
      alerts: alertPolicy(ctx.config),
    });
  } finally {
    bar.stop();
  }
}

/**
 * Delivers the run's alerts (and any left over) before the CLI exits, waiting
 * at most `waitMs`; what is still pending stays in the outbox for a running
 * server or the next run. A receiver that is down never fails the command.
 */
export async function deliverRunAlerts(ctx: CliContext, result: DetectResult, waitMs: number): Promise<void> {
  const alertIds = result.alertIds ?? [];
  const target = webhookTarget(ctx.config);
  if (alertIds.length === 0) return;
  if (target === null) {
    ctx.info(`${alertIds.length} alert${alertIds.length === 1 ? '' : 's'} raised (no webhook configured: see \`ringtrace alerts\`)`);
    return;
  }
  const store = await ctx.store();
  try {
    const pending = await deliverAlerts(store, target, alertIds, waitMs, { logger: ctx.logger });
    const sent = alertIds.length - pending.length;
    ctx.info(`${alertIds.length} alert${alertIds.length === 1 ? '' : 's'} raised; ${sent} delivered to the webhook${pending.length > 0 ? `, ${pending.length} still pending (retried by \`ringtrace serve\`, the next run or \`ringtrace alerts deliver\`)` : ''}`);
  } catch (error) {
    ctx.logger.warn(`alert delivery stopped: ${error instanceof Error ? error.message : String(error)}; the alerts stay in the outbox`);
  }
}

/** Exactly the ring output of docs/export-format.md (plus optional fields). */
export function toRingOutput(result: DetectResult): RingOutput {
  const { run } = result;
  return {
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, params: run.params, sellers: run.sellers, links: run.links, modularity: run.modularity },
    rings: result.rings,
  };
}

export function number(name: string, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'}`);
    return n;
  };
}

/** A detection parameter's option: refused (exit 2) outside its range in the engine (DETECT_PARAM_RANGES, docs/export-format.md). */
export function detectParam(name: keyof typeof DETECT_PARAM_RANGES, flag: string) {
  const range = DETECT_PARAM_RANGES[name];
  return (value: string): number => {
    const n = value.trim() === '' ? NaN : Number(value);
    if (!inRange(n, range)) throw new InvalidArgumentError(`${flag} must be ${describeRange(range)}`);
    return n;
  };
}

export const registerDetect: RegisterCommand = (program, run) => {
  program
    .command('detect')
    .description('detect rings on the current data and save the run')
    .option('--out <file>', 'write the ring output (docs/export-format.md) to this file')
    .option('--resolution <r>', `Louvain resolution, above 0 and at most ${DETECT_PARAM_RANGES.resolution.max} (default ${DEFAULT_DETECT_PARAMS.resolution})`, detectParam('resolution', 'resolution'))
    .option('--seed <s>', `RNG seed, an integer from 0 to ${DETECT_PARAM_RANGES.seed.max} (default ${DEFAULT_DETECT_PARAMS.seed})`, detectParam('seed', 'seed'))
    .option('--hub-threshold <n>', `identifiers shared by more sellers are hubs, an integer from 2 to ${DETECT_PARAM_RANGES.hubThreshold.max} (default: derived from the data)`, detectParam('hubThreshold', 'hub-threshold'))
    .option('--top <n>', 'rings to print', wholeNumber('--top', 0, MAX_LISTED), 10)
    .addOption(new Option('--engine <engine>', `where communities are found: in-process (graphology Louvain per component), gds (Leiden inside Neo4j with Graph Data Science), gds-louvain, or auto (gds from ${GDS_AUTO_MIN_SELLERS.toLocaleString('en')} sellers when the server has GDS)`).choices([...DETECTION_ENGINES]).default('auto'))
    .addOption(new Option('--projection <projection>', 'how a GDS engine gets the evidence graph: bolt (the graph ringtrace built, sent over Bolt; nothing written), written (written as EVIDENCE_LINK relationships, projected natively, deleted once projected) or cypher (weights computed inside Neo4j from the identifiers; co-occurring identifiers not bundled)').choices([...GDS_PROJECTIONS]).default('bolt'))
    .option('--wait', 'when another run holds the store\'s detection lock, wait for it instead of refusing (exit 1)')
    .option('--wait-timeout <seconds>', 'longest wait with --wait', number('wait-timeout', false), 3_600)
    .option('--deliver-wait <seconds>', "longest wait for the run's webhook deliveries before exiting (what is left is retried later)", number('deliver-wait', false), 10)
    .action((opts: { out?: string; resolution?: number; seed?: number; hubThreshold?: number; top: number; engine: DetectionEngine; projection: GdsProjection; wait?: boolean; waitTimeout: number; deliverWait: number }) =>
      run(async (ctx) => {
        if (opts.engine === 'in-process' && opts.projection !== 'bolt') {
          throw new EngineError('INVALID_INPUT', `--projection ${opts.projection}: applies to the GDS engines (--engine gds, gds-louvain or auto), not --engine in-process`, { details: { field: 'projection' } });
        }
        // Checked first: a path that cannot be written must not leave a saved run and raised alerts behind.
        if (opts.out) assertWritableFile('--out', opts.out);
        const params: Partial<DetectParams> = {};
        if (opts.resolution !== undefined) params.resolution = opts.resolution;
        if (opts.seed !== undefined) params.seed = opts.seed;
        if (opts.hubThreshold !== undefined) params.hubThreshold = opts.hubThreshold;
        await ctx.existingStore(); // detecting on a store that does not exist is a mistyped --data-dir
        const result = await detectWithProgress(ctx, params, { engine: opts.engine, projection: opts.projection, waitMs: opts.wait ? opts.waitTimeout * 1_000 : 0 });
        const output = toRingOutput(result);
        if (opts.out) await writeOutFile('--out', opts.out, `${JSON.stringify(output, null, 2)}\n`);
        await deliverRunAlerts(ctx, result, opts.deliverWait * 1_000);
        ctx.print(opts.out ? { run: result.run, out: opts.out } : output, () => describeRun(result, opts.top, opts.out));
      }),
    );
};

const HUBS_SHOWN = 5;

/** `8, largest 5: …; … (3 more: \`ringtrace runs --json\`)` — the count and what is listed always agree. */
function hubsText(hubs: DetectResult['run']['hubs']): string {
  if (hubs.length === 0) return 'none';
  const shown = [...hubs].sort((a, b) => b.sellers - a.sellers).slice(0, HUBS_SHOWN);
  const list = shown.map((h) => `${h.type} ${h.label ?? h.value} (${h.sellers.toLocaleString('en')} sellers)`).join('; ');
  const more = hubs.length - shown.length;
  return hubs.length <= HUBS_SHOWN ? `${hubs.length}: ${list}` : `${hubs.length}, largest ${shown.length}: ${list}; ${more} more in \`ringtrace runs --json\``;
}

export function describeRun(result: DetectResult, top: number, out?: string): string {
  const { run } = result;
  const t = run.timingsMs;
  const lines = [
    `run ${run.id}: ${run.ringsFound} rings among ${run.sellers.toLocaleString('en')} sellers, ${run.links.toLocaleString('en')} links, modularity ${run.modularity}, communities ${run.communityEngine ?? 'in-process'}`,
    `  stages (ms): ${Object.entries(t).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`,
    `  hubs (identifiers shared by > ${run.hubThresholdUsed} sellers): ${hubsText(run.hubs)}`,
    `  changes: ${Object.entries(run.lineage).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ') || 'none'}`,
  ];
  if (out) lines.push(`  wrote ${out}`);
  if (top > 0) lines.push('', describeRings(result.rings.slice(0, top)));
  return lines.join('\n');
}
