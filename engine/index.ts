/**
 * The engine's public surface. `api/` and `seed/` import only this file.
 */
export * from './model/errors.ts';
export * from './model/logger.ts';
export * from './model/records.ts';
export * from './model/rings.ts';
export type * from './store/ports.ts';
export * from './model/graph.ts';
export * from './model/access.ts';
