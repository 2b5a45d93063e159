/** Helpers to derive a rule's `callNames` prefilter (server/src/engine/rule.ts) from its own sink tables. */

/** `CallContext.name` of a resolved dotted name: its last segment (`subprocess.Popen` -> `Popen`). */
export function lastSegment(qualname: string): string {
  return qualname.slice(qualname.lastIndexOf('.') + 1);
}

/** The distinct last segments of the dotted names in the given tables: the call names of those qualnames. */
export function lastNames(...tables: Iterable<string>[]): string[] {
  const out = new Set<string>();
  for (const t of tables) for (const q of t) out.add(lastSegment(q));
  return [...out];
}
