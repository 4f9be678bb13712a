/**
 * Checks the CLI makes on option values before any work is done: whole
 * numbers in a range (a usage error, exit 2, like any bad option value) and
 * output paths whose folder exists and that are not a folder themselves.
 */
import { statSync, type Stats } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { EngineError } from '../../engine/index.ts';

/** The largest --top / --limit a listing accepts. */
export const MAX_LISTED = 100_000;

/** A commander parser for a whole number in min..max (both included). */
export function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`);
    }
    return n;
  };
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Refuses (INVALID_INPUT, exit 2) an output file whose folder does not exist or that names a folder. */
export function assertWritableFile(option: string, file: string): void {
  const target = statOrNull(file);
  if (target?.isDirectory()) throw new EngineError('INVALID_INPUT', `${option} ${file}: is a folder; give a file name`, { details: { field: option } });
  const folder = dirname(resolve(file));
  const parent = statOrNull(folder);
  if (parent === null) throw new EngineError('INVALID_INPUT', `${option} ${file}: the folder ${folder} does not exist`, { details: { field: option } });
  if (!parent.isDirectory()) throw new EngineError('INVALID_INPUT', `${option} ${file}: ${folder} is not a folder`, { details: { field: option } });
}

/** Refuses an output folder that exists as a file (it would be created otherwise). */
export function assertFolderOrAbsent(option: string, dir: string): void {
  const target = statOrNull(dir);
  if (target !== null && !target.isDirectory()) throw new EngineError('INVALID_INPUT', `${option} ${dir}: is a file, not a folder`, { details: { field: option } });
}

/** Writes an output file, turning a file-system failure into a message naming the path. */
export async function writeOutFile(option: string, file: string, data: string | Buffer): Promise<void> {
  await writeFile(file, data).catch((cause: unknown) => {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new EngineError('INVALID_INPUT', `${option} ${file}: cannot write it (${code})`, { cause, details: { field: option } });
  });
}
