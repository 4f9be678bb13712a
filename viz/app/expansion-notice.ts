/**
 * What the page says after an expansion, from what it added and whether the
 * server cut the neighbourhood at the expansion limit: a cut neighbourhood is
 * never "everything already on screen", and the limit named is the one that
 * cut it (not the count of nodes that happened to be new).
 */
import { counted } from '../counted.ts';

export interface ExpansionOutcome {
  added: number;
  truncated: boolean;
  /** The most nodes one expansion asks for. */
  limit: number;
}

/** The notice to show, or null when the expansion speaks for itself (new nodes, none left out). */
export function expansionNotice(label: string, outcome: ExpansionOutcome): string | null {
  const cut = `its neighbourhood is larger than the ${counted(outcome.limit, 'node')} one expansion loads (a hub?), so part of it is not shown.`;
  if (outcome.truncated) return outcome.added === 0 ? `Nothing new around ${label} among the nodes loaded; ${cut}` : `Added ${counted(outcome.added, 'node')} around ${label}; ${cut}`;
  return outcome.added === 0 ? `Everything around ${label} is already on screen.` : null;
}
