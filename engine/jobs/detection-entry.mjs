// Entry of the detection worker thread (detection-worker.ts). As for the
// embedded store's writer thread, a worker runs TypeScript only when a loader
// is registered inside it, so this plain module registers tsx's loader first.
import { register } from 'tsx/esm/api';

register();
await import('./detection-worker.ts');
