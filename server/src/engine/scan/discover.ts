/**
 * File discovery for the scan: the Python files under the targets, honouring `.gitignore` files (the `ignore`
 * package, git's semantics per directory), default excludes (ruff's list plus Bandit's), Bandit's
 * `exclude_dirs` / `-x` (fnmatch or substring of the path, as Bandit's `_is_file_included`) and a size limit.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { relativeBelow } from '../paths';

/** Directory names never descended into (unless given explicitly as a target). */
export const DEFAULT_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.venv', 'venv', '.tox', 'node_modules', '__pycache__', 'build', 'dist', 'site-packages',
  '__pypackages__', '.svn', '.hg', '.bzr', 'CVS', '.eggs', '.nox', '.mypy_cache', '.ruff_cache', '.vigil-cache',
]);

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;

/**
 * Bandit's default `-x` list (`.svn,CVS,.bzr,.hg,.git,__pycache__,.tox,.eggs,*.egg`), which applies when no `-x`
 * (or `.bandit` `exclude`) replaces it: a file whose path contains one of these strings is left out, so
 * `./.github/x.py` (`.git`) and `./CVSROOT/x.py` too. Tested on the path below the scanned directory only
 * (`./rel/path`, as `bandit -r .` there spells it), never on the directory's own path. `*.egg` is left out: it
 * is an fnmatch pattern, and a `.py` file's path never ends in `.egg`.
 */
export const BANDIT_DEFAULT_EXCLUDES: readonly string[] = ['.svn', 'CVS', '.bzr', '.hg', '.git', '__pycache__', '.tox', '.eggs'];

/** Whether the `./`-relative path below a scanned directory contains one of Bandit's default exclude strings. */
function banditDefaultExcluded(rel: string): boolean {
  return BANDIT_DEFAULT_EXCLUDES.some((s) => rel.includes(s));
}

export interface DiscoverOptions {
  /** Bandit's `-x` / `exclude_dirs` entries: a path is excluded when it fnmatches one or contains one. */
  excludes?: readonly string[];
  /** Honour `.gitignore` files in the walked directories and their ancestors up to the repository root. */
  respectGitignore?: boolean;
  /**
   * A directory whose `./`-relative spelling of each path is tested against the excludes too (the editor scans a
   * workspace folder by its absolute path; a user's `./tests/*` was written for `bandit -r .` run in that folder).
   */
  excludeRelativeTo?: string;
  /** Files bigger than this are skipped and reported (default 1024 KB; 0 or less disables the limit). */
  maxFileSizeKb?: number;
  /** Apply BANDIT_DEFAULT_EXCLUDES (default true; false when a `-x` or `.bandit` `exclude` list replaces it). */
  banditDefaultExcludes?: boolean;
  /**
   * The config's `include` globs: a walked file is listed when its path (as the walk spells it) fnmatches one.
   * Default (undefined or empty): `*.py` and `*.pyw`. A file named as a target is listed whatever its name.
   */
  include?: readonly string[];
}

/** Whether a walked file's path is one the walk lists: PY_FILE, or one of the config's `include` globs. */
function includer(include: readonly string[] | undefined): (p: string) => boolean {
  if (!include || include.length === 0) return (p) => PY_FILE.test(p);
  const globs = include.map(fnmatchToRegExp);
  return (p) => globs.some((g) => g.test(p));
}

/** A discovery problem or a skipped file, reported like a per-file error. */
export interface DiscoveryError {
  filename: string;
  error: string;
  /** Why it was skipped, when it was skipped on purpose (not a read error). */
  skipped?: 'size';
}

export interface DiscoveredFile {
  path: string;
  size: number;
}

/**
 * Python's os.path.join of a directory and a name: plain concatenation with one separator, so `./tests` stays
 * `./tests/a.py` (node's path.join normalises it to `tests/a.py`). Bandit reports and matches excludes against
 * paths spelled this way.
 */
export function pyJoin(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/**
 * Bandit's exclusion list (`-x`, or a `.bandit` file's `exclude`): each entry naming an existing directory (relative
 * to `base`, where Bandit runs) becomes `dir/*`, joined as Python's os.path.join does (`./tests` -> `./tests/*`, which
 * matches the walked `./tests/a.py`; `tests` -> `tests/*`, which does not: Bandit's well-known `-x tests` quirk,
 * spec §3.2).
 */
export function cliExcludes(excludes: readonly string[], base = process.cwd()): string[] {
  return excludes.map((p) => {
    try {
      if (fs.statSync(path.resolve(base, p)).isDirectory()) return pyJoin(p, '*');
    } catch {
      // not a directory: used as given
    }
    return p;
  });
}

/** Python's `fnmatch.translate` (POSIX: case-sensitive; `*` also matches `/`). */
export function fnmatchToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      re += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) re += '\\[';
      else {
        let stuff = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (stuff.startsWith('!')) stuff = '^' + stuff.slice(1);
        else if (stuff.startsWith('^')) stuff = '\\' + stuff;
        re += `[${stuff}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

/** Bandit's exclusion test: `fnmatch(path, x)` or `x in path` for any entry. */
export class ExcludeMatcher {
  private readonly strings: string[];
  private readonly globs: RegExp[];
  constructor(
    excludes: readonly string[],
    /** Also test each path's `./`-relative spelling from this directory (see DiscoverOptions.excludeRelativeTo). */
    private readonly relativeTo?: string,
  ) {
    this.strings = excludes.flatMap((e) => e.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
    this.globs = this.strings.map(fnmatchToRegExp);
  }
  get empty(): boolean {
    return this.strings.length === 0;
  }
  /** Whether a file path (in the spelling the scan reports, or the relative one) is excluded. */
  excludes(p: string): boolean {
    if (this.test(p)) return true;
    const rel = this.relative(p);
    return rel !== undefined && this.test(rel);
  }
  /** Whether every path below a directory is excluded (substring match on the directory path). */
  excludesAllBelow(dir: string): boolean {
    for (const spelled of [dir, this.relative(dir)]) {
      if (spelled === undefined) continue;
      const d = spelled.endsWith(path.sep) ? spelled : spelled + path.sep;
      for (const s of this.strings) if (d.includes(s)) return true;
    }
    return false;
  }
  private test(p: string): boolean {
    for (const s of this.strings) if (p.includes(s)) return true;
    for (const g of this.globs) if (g.test(p)) return true;
    return false;
  }
  private relative(p: string): string | undefined {
    return this.relativeTo === undefined ? undefined : dotRelative(this.relativeTo, p);
  }
}

/**
 * `p` spelled as `bandit -r .` run in `dir` names it (`./pkg/a.py`), or undefined when `p` is not below `dir`.
 * The editor names files by absolute path; settings written for CI (excludes, `assert_used.skips`) are often
 * written for this spelling.
 */
export function dotRelative(dir: string, p: string): string | undefined {
  const rel = relativeBelow(dir, p);
  return rel === undefined ? undefined : `.${path.sep}${rel}`;
}

interface IgnoreLevel {
  dir: string;
  ig: Ignore;
}

function readGitignore(dir: string): Ignore | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return ignore({ allowRelativePaths: true }).add(text);
}

/** The .gitignore levels above `dir` (exclusive) up to the repository root (the directory holding `.git`). */
function ancestorIgnores(dir: string): IgnoreLevel[] {
  const chain: string[] = [];
  let cur = path.dirname(dir);
  let foundRoot = fs.existsSync(path.join(dir, '.git'));
  while (!foundRoot) {
    chain.push(cur);
    if (fs.existsSync(path.join(cur, '.git'))) foundRoot = true;
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  if (!foundRoot) return []; // not in a repository: git would not apply ancestors' .gitignore files
  const out: IgnoreLevel[] = [];
  for (const d of chain.reverse()) {
    const ig = readGitignore(d);
    if (ig) out.push({ dir: d, ig });
  }
  return out;
}

/** Whether the levels (outermost first) ignore an absolute path; deeper levels override, as in git. */
function gitIgnored(levels: readonly IgnoreLevel[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of levels) {
    let rel = relativeBelow(l.dir, abs);
    if (rel === undefined) continue;
    if (path.sep !== '/') rel = rel.split(path.sep).join('/');
    const r = l.ig.test(isDir ? rel + '/' : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

const PY_FILE = /\.pyw?$/;

/**
 * Why `discover([folder], opts)` would leave out the file at `abs` (`vigil scan FOLDER`), or undefined when it would
 * list it: the same tests the walk makes on the way down (a default-excluded directory, an exclude entry, a
 * `.gitignore`). The editor asks this for an open document. Files outside `folder` and files the walk would not
 * look at (not .py/.pyw) get undefined: nothing excludes them.
 */
export function scanExclusion(abs: string, folder: string, opts: Pick<DiscoverOptions, 'excludes' | 'respectGitignore' | 'excludeRelativeTo' | 'banditDefaultExcludes' | 'include'> = {}): string | undefined {
  const rel = relativeBelow(folder, abs);
  if (rel === undefined || !PY_FILE.test(abs)) return undefined;
  if (opts.include?.length && !includer(opts.include)(pyJoin(folder, rel))) return `the config's include globs (${opts.include.join(', ')}) do not match it`;
  if ((opts.banditDefaultExcludes ?? true) && banditDefaultExcluded(`.${path.sep}${rel}`)) {
    return `its path contains one of Bandit's default excludes (${BANDIT_DEFAULT_EXCLUDES.join(', ')})`;
  }
  const excl = new ExcludeMatcher(opts.excludes ?? [], opts.excludeRelativeTo);
  const useGit = opts.respectGitignore ?? true;
  const root = path.resolve(folder);
  let levels = useGit ? ancestorIgnores(root) : [];
  if (levels.length > 0 && gitIgnored(levels, root, true)) levels = [];
  const parts = rel.split(path.sep);
  let dir = folder; // spelled as the walk spells it (pyJoin from the target)
  let absDir = root;
  for (let i = 0; i < parts.length; i++) {
    if (useGit) {
      const ig = readGitignore(absDir);
      if (ig) levels = [...levels, { dir: absDir, ig }];
    }
    const name = parts[i]!;
    const p = pyJoin(dir, name);
    const absP = path.join(absDir, name);
    if (i < parts.length - 1) {
      if (DEFAULT_EXCLUDED_DIRS.has(name) || name.endsWith('.egg')) return `it is under ${name}${path.sep}, a directory the scan skips`;
      if (excl.excludesAllBelow(p)) return 'an exclude entry (exclude_dirs, .bandit exclude) covers its directory';
      if (useGit && levels.length > 0 && gitIgnored(levels, absP, true)) return 'a .gitignore ignores its directory';
    } else {
      if (!excl.empty && excl.excludes(p)) return 'an exclude entry (exclude_dirs, .bandit exclude) matches it';
      if (useGit && levels.length > 0 && gitIgnored(levels, absP, false)) return 'a .gitignore ignores it';
    }
    dir = p;
    absDir = absP;
  }
  return undefined;
}

export interface Discovered {
  files: DiscoveredFile[];
  errors: DiscoveryError[];
}

/**
 * Lists the Python files under the targets: directories recursively (entries in sorted order), files as given.
 * Explicit files skip the .gitignore test (as ruff does) but not Bandit's excludes; so does an explicit directory
 * that a .gitignore above it excludes.
 */
export function discover(targets: readonly string[], opts: DiscoverOptions = {}): Discovered {
  const steps = discoverSteps(targets, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `discover` one directory at a time: the generator yields after reading each directory and returns the same
 * result. The language server walks a workspace in its main thread this way, letting the event loop run between
 * steps (Nova's 1,482 files took 17-36 ms in one piece).
 */
export function* discoverSteps(targets: readonly string[], opts: DiscoverOptions = {}): Generator<void, Discovered, void> {
  const files: DiscoveredFile[] = [];
  const errors: DiscoveryError[] = [];
  const excl = new ExcludeMatcher(opts.excludes ?? [], opts.excludeRelativeTo);
  const useGit = opts.respectGitignore ?? true;
  const banditDefaults = opts.banditDefaultExcludes ?? true;
  const included = includer(opts.include);
  const maxKb = opts.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB;
  const maxBytes = maxKb > 0 ? maxKb * 1024 : Infinity;
  const seen = new Set<string>();

  const add = (p: string, size: number) => {
    const abs = path.resolve(p);
    if (seen.has(abs)) return;
    seen.add(abs);
    if (size > maxBytes) {
      errors.push({
        filename: p,
        error: `skipped: file size ${Math.ceil(size / 1024)} KB exceeds the limit of ${maxKb} KB (maxFileSizeKb)`,
        skipped: 'size',
      });
      return;
    }
    files.push({ path: p, size });
  };

  /** `p` (the walk's spelling, below the target `root`) as `./rel`, for BANDIT_DEFAULT_EXCLUDES. */
  const below = (root: string, p: string) => `.${path.sep}${p.slice(root.length).replace(/^[\\/]+/, '')}`;

  function* walk(dir: string, levels: IgnoreLevel[], root: string): Generator<void, void, void> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ filename: dir, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
      return;
    }
    yield;
    const absDir = path.resolve(dir);
    let here = levels;
    if (useGit && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const ig = readGitignore(absDir);
      if (ig) here = [...levels, { dir: absDir, ig }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // As Bandit's os.walk spells the paths it matches excludes against and reports.
      const p = pyJoin(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let size = -1;
      if (e.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
          size = st.size;
        } catch {
          // A dangling link: Bandit lists a .py one as an error (it fails to open it); others are nothing.
          if (included(p) && !(banditDefaults && banditDefaultExcluded(below(root, p))) && (excl.empty || !excl.excludes(p))) errors.push({ filename: p, error: 'ENOENT' });
          continue;
        }
        if (isDir) continue; // do not follow directory links (cycles), as os.walk does by default
      }
      if (isDir) {
        if (DEFAULT_EXCLUDED_DIRS.has(e.name) || e.name.endsWith('.egg')) continue;
        if (banditDefaults && banditDefaultExcluded(below(root, p) + path.sep)) continue;
        if (excl.excludesAllBelow(p)) continue;
        if (useGit && here.length > 0 && gitIgnored(here, path.join(absDir, e.name), true)) continue;
        yield* walk(p, here, root);
      } else if (isFile && included(p)) {
        if (banditDefaults && banditDefaultExcluded(below(root, p))) continue;
        if (!excl.empty && excl.excludes(p)) continue;
        if (useGit && here.length > 0 && gitIgnored(here, path.join(absDir, e.name), false)) continue;
        if (size < 0) {
          try {
            size = fs.statSync(p).size;
          } catch (err) {
            errors.push({ filename: p, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
            continue;
          }
        }
        add(p, size);
      }
    }
  }

  for (const t of targets) {
    let st: fs.Stats;
    try {
      st = fs.statSync(t);
    } catch {
      errors.push({ filename: t, error: 'No such file or directory' });
      continue;
    }
    if (st.isDirectory()) {
      // A directory the user names is scanned even when a .gitignore above it excludes it (as ripgrep and ruff
      // do): a project checked out inside another repository's ignored folder is still a project. The
      // .gitignore files inside it still apply.
      const levels = useGit ? ancestorIgnores(path.resolve(t)) : [];
      yield* walk(t, levels.length > 0 && gitIgnored(levels, path.resolve(t), true) ? [] : levels, t);
    } else {
      if (!excl.empty && excl.excludes(t)) continue;
      add(t, st.size);
    }
  }
  return { files, errors };
}
