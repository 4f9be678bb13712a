#!/usr/bin/env node
// Launcher of the `ringtrace` bin: registers tsx's loader so the TypeScript
// sources run directly on Node 20 (no build step), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
