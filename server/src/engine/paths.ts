/** Path helpers shared by discovery, configuration and the configuration edits. */
import path from 'node:path';

/** `p` relative to `dir` (platform separators), or undefined when `p` is `dir` itself or not below it. */
export function relativeBelow(dir: string, p: string): string | undefined {
  const rel = path.relative(dir, p);
  return rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel) ? rel : undefined;
}
