// The board after a fix: PATCH /bulk/clusters/{id} answers only the groups it touched (and the ids it removed), so
// the answer is merged into the board the seller sees, never put in its place.
export interface BoardAnswer<C extends { id: string }> {
  clusters: C[];
  removed: string[];
}

/** Touched groups replaced where they stand, removed ones dropped, new ones added at the end (as the server orders them). */
export function mergeBoard<C extends { id: string }>(current: C[], answer: BoardAnswer<C>): C[] {
  const fresh = new Map(answer.clusters.map((c) => [c.id, c]));
  const gone = new Set(answer.removed);
  const kept = current.filter((c) => !gone.has(c.id)).map((c) => fresh.get(c.id) ?? c);
  const known = new Set(current.map((c) => c.id));
  return [...kept, ...answer.clusters.filter((c) => !known.has(c.id) && !gone.has(c.id))];
}
