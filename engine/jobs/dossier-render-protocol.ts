/** Messages between the dossier render worker thread and the renderer that owns it. */
import type { AssembleOptions, Dossier } from '../dossier/build-dossier.ts';
import type { DossierData } from '../dossier/dossier-data.ts';
import type { WireEngineError } from './detection-protocol.ts';

/** What a render needs besides the data: the assembly options without the key, and the data folder the key lives in. */
export type RenderOptions = Omit<AssembleOptions, 'key'> & { dataDir: string };

export interface RenderRequest {
  type: 'render';
  id: number;
  data: DossierData;
  options: RenderOptions;
}

export type FromRenderWorker =
  | { type: 'done'; id: number; dossier: Omit<Dossier, 'zip'>; zip: Uint8Array }
  | { type: 'failed'; id: number; error: WireEngineError };
