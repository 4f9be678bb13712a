/**
 * The software version and commit a dossier records: package.json's version
 * and the git commit of the checkout (RINGTRACE_COMMIT overrides it, for
 * installs without a .git folder; `unknown` when neither is there).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SoftwareInfo } from './build-dossier.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let cached: SoftwareInfo | null = null;

export function softwareInfo(env: Record<string, string | undefined> = process.env): SoftwareInfo {
  if (cached !== null) return cached;
  const version = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
  let commit = env['RINGTRACE_COMMIT'] ?? 'unknown';
  if (env['RINGTRACE_COMMIT'] === undefined) {
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      commit = 'unknown';
    }
  }
  cached = { version, commit };
  return cached;
}
