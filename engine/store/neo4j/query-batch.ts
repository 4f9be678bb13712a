/**
 * Grouped queries. Under concurrent load every Bolt query has a fixed cost on
 * both sides (a socket write and read, message framing, a transaction on the
 * server) that is larger than a small indexed read or an audit append itself:
 * at 50 API clients on two cores that fixed cost, not the work, bounded token
 * checks, searches and audit commits. A batcher sends the first call at once,
 * and every call that arrives while a query is in flight goes with the others
 * in the next one — so a call waits at most one query, and each still sees the
 * store as it is after the call arrived (a token revoked before a request is
 * seen by it). A failing query fails the calls it carried, and only those.
 */
export interface QueryBatcher<I, R> {
  (item: I): Promise<R>;
}

/** `run` answers its items in order (one result per item). */
export function createQueryBatcher<I, R>(run: (items: I[]) => Promise<R[]>, maxBatch = 64): QueryBatcher<I, R> {
  let waiting: Array<{ item: I; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  let inFlight = false;
  const drain = async (): Promise<void> => {
    inFlight = true;
    while (waiting.length > 0) {
      const group = waiting.slice(0, maxBatch);
      waiting = waiting.slice(group.length);
      try {
        const results = await run(group.map((w) => w.item));
        group.forEach((w, i) => w.resolve(results[i]!));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
    inFlight = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!inFlight) void drain();
    });
}
