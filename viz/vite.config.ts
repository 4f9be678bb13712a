/**
 * Vite build of the explorer: `viz/` is the root, the bundle goes to
 * `viz/dist/` (git-ignored; `npm start` builds it through `prestart`), and
 * the API serves it at `/`. The layout worker is emitted as its own file so
 * the page's CSP can allow `worker-src 'self'` instead of blob: URLs.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // sigma + graphology are ~300 kB minified; one chunk loads faster than a waterfall here.
    chunkSizeWarningLimit: 800,
  },
  worker: { format: 'es' },
  server: {
    // `npm run dev:viz` proxies the API of a `ringtrace serve` on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
