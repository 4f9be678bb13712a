#!/usr/bin/env -S node --max-semi-space-size=64
// Launcher of the `ringtrace` bin: registers tsx's loader so the TypeScript
// sources run directly on Node 20 (no build step), then runs the CLI.
//
// The flag on the first line: ingest and detection allocate many short-lived
// records, rows and keys, and with V8's default 16 MiB semi-space the
// scavenger took a third of an ingest's CPU. A 64 MiB semi-space cut the
// parse pipeline's CPU by 31 % (20.8 -> 14.3 CPU-s for the 736k rows of a
// 100k-seller export). V8 reads it only at start-up (v8.setFlagsFromString
// later changes nothing), hence the shebang and the npm scripts that pass it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
