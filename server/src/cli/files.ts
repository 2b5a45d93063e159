/** CLI file handling: error reasons, Bandit's spelling of file names. (Bandit's -x list: `cliExcludes` in scan/discover.) */
import path from 'node:path';
import { pyJoin } from '../engine/scan/discover';
import { relativeBelow } from '../engine/paths';

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
    const rel = relativeBelow(t, file);
    if (rel === undefined) continue;
    if (path.join(t, rel) !== file) continue;
    return pyJoin(t, rel);
  }
  return file;
}
