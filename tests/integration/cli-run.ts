/**
 * Runs the `ringtrace` CLI as a user would (a child process of this Node, on
 * the embedded store in `dataDir`, never a Neo4j from the environment) and
 * collects its exit code and output.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const CLI_BIN = path.resolve('api/cli/ringtrace.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, RINGTRACE_DATA_DIR: dataDir, NEO4J_URI: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
