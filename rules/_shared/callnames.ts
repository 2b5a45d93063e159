/** Helpers to derive a rule's `callNames` prefilter (server/src/engine/rule.ts) from its own sink tables. */

/** The last segments of dotted qualified names (`subprocess.Popen` -> `Popen`): `CallContext.name` of such calls. */
export function lastNames(...tables: Iterable<string>[]): string[] {
  const out = new Set<string>();
  for (const t of tables) for (const q of t) out.add(q.slice(q.lastIndexOf('.') + 1));
  return [...out];
}
