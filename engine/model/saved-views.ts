/**
 * Named saved views of the explorer: a user's snapshot of one ring's view
 * (filters, styling, node positions, expansions, pins and groups) kept on
 * the server under a name, listed per owner and shareable by id. The state
 * is the explorer's own JSON, validated and size-capped by the API before it
 * is stored; the engine stores it as given.
 */

export interface SavedView {
  /** `view-` and 12 hex digits. */
  id: string;
  /** Who saved it: the name of the token that did (one name per person or service). */
  owner: string;
  name: string;
  /** The ring the view shows (ring ids are stable across runs through lineage). */
  ringId: string;
  createdAt: string;
  /** The explorer's view state, plain JSON. */
  state: Record<string, unknown>;
}

export interface SavedViewQuery {
  owner: string;
  offset: number;
  limit: number;
}
