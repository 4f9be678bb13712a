/**
 * What an outside probe of the CLI found (embedded store): bad option values
 * and output paths give a clear usage error instead of a stack, detect
 * checks --out before saving a run, read-only commands refuse a data folder
 * with no store, --json failures print one JSON error object, a tampered
 * dossier exits 1, and --generated-at is checked.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { scenario } from '../fixtures/store/scenario.ts';
import { runCli, type CliResult } from './cli-run.ts';

const cli = (args: string[], dataDir: string): Promise<CliResult> => runCli(args, dataDir, { RINGTRACE_ALERT_MIN_SCORE: '0', RINGTRACE_WEBHOOK_URL: '' });

const NO_STACK = /\n\s+at /;

describe('ringtrace CLI, probed', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ringtrace-cli-probe-'));
    dataDir = path.join(root, 'store');
    const store = createEmbeddedStore({ dataDir });
    await store.open();
    await store.writeBatch(scenario());
    await store.close();
    const detect = await cli(['detect', '--top', '0'], dataDir);
    expect(detect.code, detect.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('when --top or --limit is huge, negative, zero or not a whole number, then it exits 2 naming the option and the range', async () => {
    const cases: string[][] = [];
    cases.push(['rings', '--top', '99999999999999999999'], ['runs', '--limit', '99999999999999999999'], ['alerts', '--limit', '99999999999999999999'], ['cases', '--limit', '99999999999999999999']);
    cases.push(['rings', '--top', '-1'], ['runs', '--limit', '-1'], ['alerts', '--limit', '0'], ['ingests', '--limit', '1.5']);
    for (const args of cases) {
      const r = await cli(args, dataDir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/--(top|limit) must be a whole number from 1 to 100,000/);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
    expect((await cli(['rings', '--top', '100000'], dataDir)).code).toBe(0);
  });

  it('when an --out path has no folder, is a folder, or (seed) is a file, then it exits 2 naming the path and what is wrong', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'x');
    const missing = path.join(root, 'nodir', 'x.zip');
    const checks: Array<[string[], string]> = [
      [['dossier', 'R-x', '--out', missing], `--out ${missing}: the folder ${path.join(root, 'nodir')} does not exist`],
      [['dossier', 'R-x', '--out', root], `--out ${root}: is a folder`],
      [['detect', '--out', path.join(root, 'nodir', 'x.json')], `--out ${path.join(root, 'nodir', 'x.json')}: the folder ${path.join(root, 'nodir')} does not exist`],
      [['detect', '--out', root], `--out ${root}: is a folder`],
      [['seed', '--sellers', '50', '--rings', '1', '--out', file], `--out ${file}: is a file, not a folder`],
    ];
    for (const [args, message] of checks) {
      const r = await cli(args, dataDir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
  });

  it('when detect --out cannot be written, then no run is saved and no alert raised', async () => {
    const before = JSON.parse((await cli(['--json', 'runs'], dataDir)).stdout) as { runs: unknown[] };
    const r = await cli(['detect', '--out', path.join(root, 'nodir', 'x.json')], dataDir);
    expect(r.code).toBe(2);
    const after = JSON.parse((await cli(['--json', 'runs'], dataDir)).stdout) as { runs: unknown[] };
    expect(after.runs).toHaveLength(before.runs.length);
  });

  it('when a command that needs existing data names a data folder with no store, then it exits 1 like `rings` and creates nothing', async () => {
    const typo = path.join(root, 'mistyped-dir');
    for (const args of [['detect'], ['ingests'], ['tokens', 'list'], ['keys', 'show'], ['dossier', 'R-x']]) {
      const r = await cli(args, typo);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`no embedded store in ${typo}`);
    }
    await expect(readdir(typo)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when a command fails under --json, then stdout holds one JSON error object and the exit code is the usual one', async () => {
    const checks: Array<[string[], number, string]> = [
      [['--json', 'ingest', path.join(root, 'nonexist')], 2, 'INVALID_INPUT'],
      [['--json', 'dossier', 'R-nope'], 1, 'NOT_FOUND'],
      [['--json', 'rings', '--run', 'nope'], 1, 'NOT_FOUND'],
      [['--json', 'rings', '--top', 'abc'], 2, 'INVALID_INPUT'],
    ];
    for (const [args, code, errorCode] of checks) {
      const r = await cli(args, dataDir);
      expect(r.code, args.join(' ')).toBe(code);
      const out = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      expect(out.error.code, args.join(' ')).toBe(errorCode);
      expect(out.error.message.length).toBeGreaterThan(0);
      expect(r.stderr, args.join(' ')).toBe('');
    }
  });

  it('when a dossier is truncated or its enclosed public key is changed, then verify exits 1 naming the problem; a missing file argument stays exit 2', async () => {
    const rings = JSON.parse((await cli(['--json', 'rings', '--top', '1'], dataDir)).stdout) as { rings: Array<{ id: string }> };
    const zipFile = path.join(root, 'd.zip');
    expect((await cli(['dossier', rings.rings[0]!.id, '--out', zipFile], dataDir)).code).toBe(0);
    const bytes = await readFile(zipFile);
    const entries = unzipSync(bytes);
    const pem = Buffer.from(entries['public-key.pem']!);
    pem[40] = pem[40] === 0x41 ? 0x42 : 0x41;
    const tampered = path.join(root, 'key.zip');
    await writeFile(tampered, zipSync({ ...entries, 'public-key.pem': pem }));
    const truncated = path.join(root, 'cut.zip');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    for (const [file, message] of [[tampered, 'public-key.pem'], [truncated, 'not a readable ZIP file']] as const) {
      const r = await cli(['dossier', 'verify', file], dataDir);
      expect(r.code, file).toBe(1);
      expect(r.stdout, file).toContain(message);
    }
    expect((await cli(['dossier', 'verify'], dataDir)).code).toBe(2);
  });

  it('when a signed package of another ring is verified as this ring\'s, then verify exits 1 naming both rings; every verification names the ring, run and recipient it is about', async () => {
    // The scenario has one ring: its package stands for the one a recipient was sent for another ring.
    const rings = JSON.parse((await cli(['--json', 'rings', '--top', '1'], dataDir)).stdout) as { rings: Array<{ id: string }> };
    const other = rings.rings[0]!.id;
    const mine = 'R-000000000000';
    const otherZip = path.join(root, 'other.zip');
    const built = await cli(['dossier', other, '--out', otherZip, '--recipient', 'Officer K'], dataDir);
    expect(built.code, built.stderr + built.stdout).toBe(0);

    const replayed = await cli(['dossier', 'verify', otherZip, '--ring', mine], dataDir);
    const own = await cli(['dossier', 'verify', otherZip, '--ring', other], dataDir);
    const plain = await cli(['--json', 'dossier', 'verify', otherZip], dataDir);

    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain(`manifest.json [ring.id]: the package is about ring ${other}, not ${mine}`);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(new RegExp(`the dossier of ring ${other}, run run-\\S+, generated \\S+ for Officer K \\(admin\\)`));
    expect(plain.code).toBe(0);
    expect((JSON.parse(plain.stdout) as { package: unknown }).package).toMatchObject({ ringId: other, recipient: { name: 'Officer K', role: 'admin' } });
  });

  it('when a dossier is built for a liaison, then masking follows RINGTRACE_LIAISON_PERSONAL_DATA as in the API: members (default) in full, masked as pseudonyms', async () => {
    const rings = JSON.parse((await cli(['--json', 'rings', '--top', '1'], dataDir)).stdout) as { rings: Array<{ id: string; brands: string[] }> };
    const ring = rings.rings[0]!;
    const build = async (file: string, env: Record<string, string>) => {
      const r = await runCli(['dossier', ring.id, '--role', 'liaison', '--brand', ring.brands[0]!, '--out', path.join(root, file)], dataDir, { RINGTRACE_WEBHOOK_URL: '', ...env });
      expect(r.code, r.stderr).toBe(0);
      const entries = unzipSync(await readFile(path.join(root, file)));
      return {
        manifest: JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8')) as { masking: { masked: boolean } },
        identifiers: Buffer.from(entries['evidence/identifiers.csv']!).toString('utf8'),
      };
    };

    const members = await build('liaison-members.zip', {});
    const masked = await build('liaison-masked.zip', { RINGTRACE_LIAISON_PERSONAL_DATA: 'masked', RINGTRACE_MASK_SECRET: 'a-test-mask-secret-0123456789' });

    expect(members.manifest.masking.masked).toBe(false);
    expect(members.identifiers).not.toContain('masked-');
    expect(masked.manifest.masking.masked).toBe(true);
    expect(masked.identifiers).toContain('masked-');
  });

  it('when --generated-at is no real date, before 1980 or before the run finished, --recipient is empty, or --brand is given for a role other than liaison, then dossier exits 2 and writes nothing', async () => {
    const rings = JSON.parse((await cli(['--json', 'rings', '--top', '1'], dataDir)).stdout) as { rings: Array<{ id: string }> };
    const id = rings.rings[0]!.id;
    const out = path.join(root, 'gen.zip');
    const checks: Array<[string[], string]> = [
      [['--generated-at', '2026-02-30T00:00:00Z'], '2026-02-30T00:00:00Z: no such date or time'],
      [['--generated-at', '1970-01-01T00:00:00Z'], 'before 1980-01-01'],
      [['--generated-at', '2001-01-01T00:00:00Z'], 'finished'],
      [['--recipient', ''], '--recipient: give the name'],
      [['--role', 'investigator', '--brand', 'Acme'], '--brand: only a liaison recipient has brands (--role liaison), not investigator'],
    ];
    for (const [args, message] of checks) {
      const r = await cli(['dossier', id, '--out', out, ...args], dataDir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
