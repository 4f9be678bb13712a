// Entry of the embedded store's writer thread (writer-worker.ts). A worker
// runs TypeScript only when a loader is registered inside it, and none of the
// ways ringtrace runs hands one on: tsx's `register()` (the CLI launcher) and
// vitest's transform stay in the thread that made them, and on Node 20 even
// `node --import tsx`, whose flag the worker inherits, leaves `.ts` unknown
// here (measured: ERR_UNKNOWN_FILE_EXTENSION). So this plain module registers
// tsx's loader itself, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
