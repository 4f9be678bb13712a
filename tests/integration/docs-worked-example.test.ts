/**
 * docs/export-format.md's worked example is what ringtrace does: its CSV
 * files are loaded and detected with the default parameters, and the ring
 * output printed in "Ring output" must match the run (members, score, tier,
 * breakdown, shared identifiers, likely sources, parameters) — so the
 * contract's example cannot drift from the code again.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RingOutput } from '../../engine/index.ts';
import { runCli } from './cli-run.ts';

const DOC = path.resolve('docs/export-format.md');
const cli = runCli;

/** The `{ ... }` literal that follows `"name":` in the documented JSON (one level of nesting). */
function documentedObject(json: string, name: string): unknown {
  const match = new RegExp(`"${name}": (\\{[^{}]*\\})`).exec(json);
  if (!match) throw new Error(`no "${name}" object in the documented ring output`);
  return JSON.parse(match[1]!);
}

describe('docs/export-format.md worked example', () => {
  let root = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('when its files are loaded and detected, then the documented ring output is what comes out', async () => {
    const doc = await readFile(DOC, 'utf8');
    const example = doc.slice(doc.indexOf('## Worked example'), doc.indexOf('## Ring output'));
    const output = doc.slice(doc.indexOf('## Ring output'));
    const documented = /```json\n([\s\S]*?)```/.exec(output)![1]!;

    root = await mkdtemp(path.join(tmpdir(), 'ringtrace-worked-'));
    const exportDir = path.join(root, 'export');
    await mkdir(exportDir);
    const files = [...example.matchAll(/`([a-z_]+\.csv)`:\n\n```csv\n([\s\S]*?)```/g)];
    expect(files.map((f) => f[1]).sort()).toEqual(['addresses.csv', 'payment_accounts.csv', 'reports.csv', 'sellers.csv', 'shipments.csv', 'shops.csv']);
    for (const [, name, body] of files) await writeFile(path.join(exportDir, name!), body!);

    const dataDir = path.join(root, 'store');
    const ingest = await cli(['ingest', exportDir], dataDir);
    expect(ingest.code, ingest.stderr).toBe(0);
    const out = path.join(root, 'rings.json');
    const detect = await cli(['detect', '--out', out], dataDir);
    expect(detect.code, detect.stderr).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8')) as RingOutput;

    expect(result.run.params).toEqual(documentedObject(documented, 'params'));
    expect(result.run.sellers).toBe(Number(/"sellers": (\d+),\n\s+"links"/.exec(documented)![1]));
    expect(result.run.links).toBe(Number(/"links": (\d+)/.exec(documented)![1]));
    expect(result.rings).toHaveLength(1);
    const ring = result.rings[0]!;
    expect(ring.id).toBe(/"id": "(R-[0-9a-f]+)"/.exec(documented)![1]);
    expect(ring.score).toBe(Number(/"score": ([\d.]+)/.exec(documented)![1]));
    expect(ring.tier).toBe(/"tier": "(\w+)"/.exec(documented)![1]);
    expect(ring.members).toEqual(JSON.parse(/"members": (\[[^\]]*\])/.exec(documented)![1]!));
    expect(ring.shops).toEqual(JSON.parse(/"shops": (\[[^\]]*\])/.exec(documented)![1]!));
    expect(ring.brands).toEqual(JSON.parse(/"brands": (\[[^\]]*\])/.exec(documented)![1]!));
    expect(ring.evidence).toEqual(documentedObject(documented, 'evidence'));
    expect(ring.scoreBreakdown).toEqual(documentedObject(documented, 'scoreBreakdown'));
    const shared = /"sharedIdentifiers": (\[[\s\S]*?\n\s{6}\])/.exec(documented)![1]!;
    expect(ring.sharedIdentifiers).toEqual(JSON.parse(shared));
    const sources = /"likelySources": (\[[\s\S]*?\n\s{6}\])/.exec(documented)![1]!;
    expect(ring.likelySources).toEqual(JSON.parse(sources));
    // The documented `why` of S-1003 lists its strongest ties first; the rest is elided with "…".
    const why = /"S-1003": \[\n([\s\S]*?)\n\s*…/.exec(documented)![1]!;
    const listed = JSON.parse(`[${why.trim().replace(/,$/, '')}]`) as unknown[];
    expect(ring.why?.['S-1003']?.slice(0, listed.length)).toEqual(listed);
  });
});
