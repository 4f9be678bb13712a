/**
 * A generated export and the counts a clean load of it gives (loaded once into
 * an embedded store of its own), for tests that interrupt a load and check
 * that finishing it gives exactly a clean load.
 */
import path from 'node:path';
import { ingestExport } from '../../engine/index.ts';
import { createEmbeddedStore } from '../../engine/store/embedded/index.ts';
import { generateMarketplace } from '../../seed/index.ts';

export async function exportWithReference(root: string, options: { sellers: number; rings: number; seed: number }): Promise<{ exportDir: string; reference: Record<string, number> }> {
  const exportDir = path.join(root, 'export');
  await generateMarketplace({ ...options, outDir: exportDir });
  const store = createEmbeddedStore({ dataDir: path.join(root, 'reference') });
  await store.open();
  try {
    await ingestExport(store, exportDir);
    return { exportDir, reference: { ...(await store.counts()) } };
  } finally {
    await store.close();
  }
}
