// Entry of the dossier render worker thread (dossier-render-worker.ts): a
// worker runs TypeScript only when a loader is registered inside it, so this
// plain module registers tsx's loader first (as detection-entry.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./dossier-render-worker.ts');
