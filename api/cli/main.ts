/**
 * The `ringtrace` command line. Exit codes: 0 success, 1 failure (including a
 * load with rejected rows), 2 usage error. Each command lives in its own file
 * under commands/ and registers itself on the program.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { isEngineError } from '../../engine/index.ts';
import { COMMANDS } from './commands/index.ts';
import { createCliContext, type CliContext, type GlobalOptions } from './context.ts';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Thrown by commands to end with a given exit code after printing their own output. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** package.json's version (`ringtrace --version`); the commit a dossier records comes from engine/dossier/software.ts. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** `--json` anywhere before a `--`: known before commander has parsed (its own errors must be JSON too). */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return argv.slice(2, end === -1 ? undefined : end).includes('--json');
}

export function buildProgram(run: (action: (ctx: CliContext) => Promise<void>) => Promise<void>, options: { json?: boolean } = {}): Command {
  const program = new Command('ringtrace')
    .description('Find counterfeit-seller rings in a marketplace export and hand them to people who act offline.')
    .version(`ringtrace ${packageVersion()}`, '-V, --version', 'print the version')
    .addOption(new Option('--store <kind>', 'store to use (default: neo4j when NEO4J_URI is set, else embedded)').choices(['embedded', 'neo4j']))
    .option('--data-dir <dir>', 'embedded store folder (env RINGTRACE_DATA_DIR, default ./.ringtrace)')
    .option('--json', 'print machine-readable JSON')
    .option('-q, --quiet', 'no progress or informational output')
    .showHelpAfterError(!(options.json ?? false))
    // Under --json a usage error is printed once, as the JSON error object (main()).
    .configureOutput({ outputError: (text, write) => (options.json ? undefined : write(text)) })
    .exitOverride();
  for (const register of COMMANDS) register(program, run);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  // `run` reads the global flags when a command runs, after parsing.
  const run = async (action: (ctx: CliContext) => Promise<void>): Promise<void> => {
    const ctx = createCliContext(program.opts<GlobalOptions>());
    try {
      await action(ctx);
    } finally {
      await ctx.close();
    }
  };
  const json = wantsJson(argv);
  const program = buildProgram(run, { json });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    code = exitCodeOf(error, json || program.opts<GlobalOptions>().json === true);
  }
  return code;
}

/** Under --json, a failure is one object on stdout, as `doctor` prints it: {"error":{"code","message"}}. */
function printJsonError(code: string, message: string): void {
  console.log(JSON.stringify({ error: { code, message } }, null, 2));
}

function exitCodeOf(error: unknown, json: boolean): number {
  if (error instanceof ExitCode) return error.code;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    if (json) printJsonError('INVALID_INPUT', error.message.replace(/^error: /, ''));
    return EXIT.usage;
  }
  if (isEngineError(error)) {
    if (json) printJsonError(error.code, error.message);
    else console.error(`error [${error.code}]: ${error.message}`);
    return error.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.failure;
  }
  if (json) printJsonError('INTERNAL', error instanceof Error ? error.message : String(error));
  else console.error(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}
