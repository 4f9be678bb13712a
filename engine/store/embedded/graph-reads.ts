/**
 * Graph reads of the embedded store (entity, neighbourhood, ring subgraph,
 * search). Neighbourhood, ring subgraph and search land next.
 */
import { EngineError } from '../../model/errors.ts';
import type { GraphReads } from '../ports.ts';
import type { Db } from './connection.ts';
import { createEntityLoader } from './graph-entities.ts';

export function createGraphReads(db: Db): GraphReads {
  const load = createEntityLoader(db);
  const notYet = async (): Promise<never> => {
    throw new EngineError('INTERNAL', 'embedded graph reads are not implemented yet');
  };
  return { entity: async (ref) => load(ref), neighbourhood: notYet, ringSubgraph: notYet, search: notYet };
}
