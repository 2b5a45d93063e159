/** CLI file handling: Bandit's exclude semantics, reading/decoding checks, error reasons. */
import fs from 'node:fs';
import path from 'node:path';

/** Python's fnmatch.fnmatch on POSIX (`*` also matches `/`), as a regex. */
export function fnmatchRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      else if (body.startsWith('^')) body = '\\' + body;
      re += `[${body}]`;
      i = j;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

/**
 * Bandit's exclusion list: each CLI exclude naming an existing directory becomes `dir/*`, joined as Python's
 * os.path.join does (`./tests` -> `./tests/*`, which matches the walked `./tests/a.py`; `tests` -> `tests/*`, which
 * does not: Bandit's well-known `-x tests` quirk, spec §3.2).
 */
export function cliExcludes(excludes: readonly string[]): string[] {
  return excludes.map((p) => {
    try {
      if (fs.statSync(p).isDirectory()) return p.endsWith('/') || p.endsWith(path.sep) ? `${p}*` : `${p}${path.sep}*`;
    } catch {
      // not a directory: used as given
    }
    return p;
  });
}

/** Bandit's `_is_file_included` exclusion: fnmatch against a glob OR the glob as a substring. */
export class Excluder {
  private readonly globs: { raw: string; re: RegExp }[];
  constructor(globs: readonly string[]) {
    this.globs = globs.filter(Boolean).map((g) => ({ raw: g, re: fnmatchRegex(g) }));
  }
  excludes(file: string): boolean {
    return this.globs.some((g) => g.re.test(file) || file.includes(g.raw));
  }
  get size(): number {
    return this.globs.length;
  }
}

/** Bandit's reason text (Python's strerror) for an errno code. */
export function strerror(codeOrMessage: string): string {
  const map: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EPERM: 'Operation not permitted',
    EISDIR: 'Is a directory',
    ENOTDIR: 'Not a directory',
    ELOOP: 'Too many levels of symbolic links',
    EMFILE: 'Too many open files',
    EIO: 'Input/output error',
    ENAMETOOLONG: 'File name too long',
  };
  return map[codeOrMessage] ?? codeOrMessage;
}


/**
 * The file name as Bandit spells it: the target as given on the command line joined (Python's os.path.join)
 * with the path relative to it, e.g. target `.` -> `./pkg/app.py` (node's path.join would drop the `./`).
 */
export function banditSpelling(file: string, targets: readonly string[]): string {
  if (targets.includes(file)) return file;
  for (const t of targets) {
    const rel = path.relative(t, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (path.join(t, rel) !== file) continue;
    return t.endsWith('/') || t.endsWith(path.sep) ? t + rel : t + '/' + rel;
  }
  return file;
}
