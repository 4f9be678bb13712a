/**
 * The synthetic marketplace generator: `generateMarketplace` writes a complete
 * export (docs/export-format.md) with planted counterfeit rings, hubs, registration
 * agents, benign family groups and messy free-text addresses, plus
 * `ground_truth.json`. Deterministic per seed; rows are streamed, so memory
 * holds only the plan (rings, families, agents), never the honest majority.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../engine/index.ts';
import { createDeviceAssigner } from './devices.ts';
import { buildGroundTruth } from './ground-truth.ts';
import { COLUMNS, createMarketWriter, type MarketSinks } from './market-writer.ts';
import { planMarketplace } from './plan.ts';
import { createRng } from './rng.ts';
import { createSpecBuilder } from './seller-specs.ts';
import { createCsvSink, createNdjsonSink, type RowSink } from './sinks.ts';

export { createPlaceGenerator, describePlace, writeVariant, type Place, type PlaceGenerator } from './address-variants.ts';
export type { GroundTruth, GroundTruthRing, HubType } from './ground-truth.ts';
export { createRng, type Rng } from './rng.ts';
export { evolveMarketplace, type Evolution, type EvolutionEvent, type EvolutionEventType, type EvolveOptions } from './evolve.ts';

export interface SeedOptions {
  sellers: number;
  rings: number;
  seed: number;
  outDir: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  outDir: string;
  /** File name → data rows written (header excluded). */
  files: Record<string, number>;
  rings: number;
  benignGroups: number;
  hubs: number;
  elapsedMs: number;
}

const PROGRESS_EVERY = 1000;

function openSinks(outDir: string): MarketSinks {
  const csv = (name: keyof typeof COLUMNS, file: string): RowSink => createCsvSink(join(outDir, file), file, COLUMNS[name]);
  return {
    sellers: csv('sellers', 'sellers.csv'),
    shops: csv('shops', 'shops.csv'),
    paymentAccounts: csv('paymentAccounts', 'payment_accounts.csv'),
    addresses: csv('addresses', 'addresses.csv'),
    shipments: csv('shipments', 'shipments.csv'),
    reports: createNdjsonSink(join(outDir, 'reports.ndjson'), 'reports.ndjson', COLUMNS.reports),
  };
}

export async function generateMarketplace(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const { sellers, seed, outDir, onProgress } = options;
  if (!Number.isSafeInteger(seed)) {
    throw new EngineError('INVALID_INPUT', 'seed must be an integer', { details: { field: 'seed' } });
  }
  const rng = createRng(seed);
  const plan = planMarketplace(options, rng.fork('plan'));
  const builder = createSpecBuilder(plan, rng.fork('sellers'));

  await mkdir(outDir, { recursive: true });
  const sinks = openSinks(outDir);
  const all = Object.values(sinks);
  const writer = createMarketWriter(sinks, plan.places, rng.fork('rows'));
  // Forked last: a fork draws from the root, and the streams above must stay as they were before devices.
  const devices = createDeviceAssigner(rng.fork('devices'));
  try {
    for (let index = 0; index < sellers; index += 1) {
      const role = plan.roles.get(index);
      const spec =
        role === undefined ? builder.honest(index, null)
        : role.kind === 'ring' ? builder.ringMember(role.member)
        : role.kind === 'family' ? builder.honest(index, role.family)
        : builder.honest(index, null, role.group);
      writer.write(spec, devices.deviceOf(index, role));
      if (all.some((sink) => sink.needsDrain)) await Promise.all(all.map((sink) => sink.drain()));
      if (onProgress && ((index + 1) % PROGRESS_EVERY === 0 || index + 1 === sellers)) onProgress(index + 1, sellers);
    }
    await Promise.all(all.map((sink) => sink.close()));
  } catch (error) {
    for (const sink of all) sink.destroy();
    throw error;
  }

  const truth = buildGroundTruth(seed, plan, builder, devices, writer.partialSellers);
  await writeFile(join(outDir, 'ground_truth.json'), `${JSON.stringify(truth, null, 2)}\n`, 'utf8');

  return {
    outDir,
    files: Object.fromEntries(all.map((sink) => [sink.fileName, sink.rows])),
    rings: truth.rings.length,
    benignGroups: truth.benignGroups.length,
    hubs: truth.hubs.length,
    elapsedMs: Math.round(performance.now() - started),
  };
}
