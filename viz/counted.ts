/** Counts as people read them, for the panels and the graph's labels alike (no DOM here). */

/** "1 shop", "142 shops", "2,991 sellers": a count with its noun in the right number. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`;
}
