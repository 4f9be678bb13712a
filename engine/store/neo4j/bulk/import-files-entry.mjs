// Entry of the bulk load's import-file writer thread (import-files-worker.ts).
// A worker runs TypeScript only when a loader is registered inside it (see
// engine/store/embedded/writer-entry.mjs for why), so this plain module
// registers tsx's loader itself, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./import-files-worker.ts');
