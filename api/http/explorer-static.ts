/**
 * Serves the built Sigma.js explorer (`viz/dist`, made by `npm run build:viz`,
 * which `npm start` runs first) at `/`, outside `/api`. The page gets its own
 * Content-Security-Policy, tighter than helmet's default: scripts, styles,
 * fonts, the layout worker and API calls from this origin only, nothing
 * inline, no framing. WebGL needs no CSP grant; the ForceAtlas2 worker is a
 * bundled file, so `worker-src 'self'` suffices (no blob: workers). Hashed
 * assets are cached for a year as immutable; the HTML is revalidated every
 * time so a new build is picked up at once. Deep links are query strings on
 * `/`, so no history fallback is needed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from './http-errors.ts';

export const DEFAULT_EXPLORER_DIR = fileURLToPath(new URL('../../viz/dist', import.meta.url));

export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>ringtrace</title>
<p>The explorer is not built yet. Run <code>npm run build:viz</code> (or <code>npm start</code>, which builds it first), then reload.</p>
<p>The JSON API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>`;

export function explorerStatic(options: { root?: string } = {}): express.Router {
  const root = options.root ?? DEFAULT_EXPLORER_DIR;
  const indexFile = path.join(root, 'index.html');
  const router = express.Router();

  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', EXPLORER_CSP);
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(root, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
    }),
  );
  // A missing asset is the client's mistake (a stale page asking for an old hash): 404, not a logged 500.
  router.use('/assets', (req: Request, _res: Response, next: NextFunction) => next(new HttpError('NOT_FOUND', `no explorer asset ${req.path}`)));
  router.get(['/', '/index.html'], (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-cache');
    // Checked per request: a build finishing after the server started is served without a restart.
    if (!existsSync(indexFile)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.sendFile(indexFile, (error) => {
      if (error) next(error);
    });
  });
  return router;
}
