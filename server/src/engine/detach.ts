/**
 * Strings that outlive an analysis must not keep the source text alive.
 *
 * `node.text` is a substring of the whole source, and V8 represents a substring (and a concatenation that
 * contains one) as a view that keeps the whole source string alive. What is kept after the analysis would
 * otherwise pin the whole file: the engine's call-name cache (for the life of the server or scan worker), and a
 * document's cached findings and import records (between keystrokes: the version of the file that produced them).
 */
import type { Finding } from './types';

/** A copy of `s` that shares no memory with the string it was cut from. */
export function detach(s: string): string {
  // Concatenating makes `slice` flatten the result into a new string first: the copy holds only `s`'s characters.
  return (' ' + s).slice(1);
}

/** The finding with every string detached from the source (message, data, fix titles and edit texts); new objects. */
export function detachFinding(f: Finding): Finding {
  const out: Finding = {
    ...f,
    message: detach(f.message),
    fixes: f.fixes.map((x) => ({ ...x, title: detach(x.title), edits: x.edits.map((e) => ({ ...e, text: detach(e.text) })) })),
  };
  if (f.data) {
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.data)) data[k] = detach(v);
    out.data = data;
  }
  return out;
}
