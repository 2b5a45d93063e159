/**
 * The persistent scan cache: one JSON file per engine version in the cache directory, holding per file the
 * sha1 of its content, the key of everything else the result depends on (enabled rule ids, plugin config,
 * nosec handling, the reported file name) and the analysis. A file is re-analysed when either changes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileAnalysis } from '../analyze';
import { lineSpan } from '../types';

/** Bumped when the cache file layout changes. */
const CACHE_FORMAT = 2;

export function sha1(data: string | Buffer): string {
  return crypto.createHash('sha1').update(data).digest('hex');
}

let engineVersion: string | undefined;
/**
 * The engine version: a hash of the running bundle (engine and rules are bundled into it), so any code
 * change, including a rule added or edited, invalidates the cache.
 */
export function getEngineVersion(): string {
  if (engineVersion === undefined) {
    let code = '';
    try {
      code = fs.readFileSync(__filename, 'utf8');
    } catch {
      code = String(Date.now()); // unknown build: never reuse
    }
    engineVersion = sha1(`vigil-cache-${CACHE_FORMAT}\0${code}`).slice(0, 16);
  }
  return engineVersion;
}

interface Entry {
  /** sha1 of the file content. */
  h: string;
  /** Key of the rule set and config the analysis used. */
  c: string;
  a: FileAnalysis;
}

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, Entry>;
}

/** The directory a scan of `targets` caches into by default: `.vigil-cache/` under the first target's root. */
export function defaultCacheDir(targets: readonly string[]): string {
  const first = path.resolve(targets[0] ?? '.');
  let root = first;
  try {
    if (!fs.statSync(first).isDirectory()) root = path.dirname(first);
  } catch {
    root = path.dirname(first);
  }
  return path.join(root, '.vigil-cache');
}

function writableDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    const gi = path.join(dir, '.gitignore');
    if (!fs.existsSync(gi)) fs.writeFileSync(gi, '# Created by Vigil\n*\n');
    return true;
  } catch {
    return false;
  }
}

/**
 * A line range of more than two lines is stored as "first-last" (line ranges are contiguous): Bandit gives a
 * string the line range of its parent, and the cache of a file with a 3,000-line list of 3,000 such strings took
 * 500 MB written out in full. Read back, the findings of a file share one array per range, as the engine's do.
 */
function expandRange(text: string, seen: Map<string, number[]>): number[] {
  let range = seen.get(text);
  if (!range) {
    const [first, last] = text.split('-').map(Number) as [number, number];
    range = lineSpan(first, last);
    seen.set(text, range);
  }
  return range;
}

export class ScanCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;
  readonly file: string;

  private constructor(readonly dir: string) {
    this.file = path.join(dir, `scan-${getEngineVersion()}.json`);
  }

  /** Opens the cache in `dir` (or the default directory), falling back to the temp directory when not writable. */
  static open(dir: string): ScanCache {
    let d = dir;
    if (!writableDir(d)) d = path.join(os.tmpdir(), 'vigil-cache', sha1(path.resolve(dir)).slice(0, 16));
    if (!writableDir(d)) throw new Error(`cannot create a cache directory (${dir}, ${d})`);
    const c = new ScanCache(d);
    c.load();
    return c;
  }

  private load(): void {
    try {
      const ranges = new Map<string, number[]>();
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8'), (k, v: unknown) => (k === 'lineRange' && typeof v === 'string' ? expandRange(v, ranges) : v)) as CacheFile;
      if (data.format === CACHE_FORMAT && data.version === getEngineVersion() && data.entries) this.entries = data.entries;
    } catch {
      this.entries = {};
    }
  }

  /** The cached analysis of a file, if its content and config key are unchanged. */
  get(absPath: string, contentHash: string, configKey: string): FileAnalysis | undefined {
    const e = this.entries[absPath];
    return e && e.h === contentHash && e.c === configKey ? e.a : undefined;
  }

  set(absPath: string, contentHash: string, configKey: string, analysis: FileAnalysis): void {
    this.entries[absPath] = { h: contentHash, c: configKey, a: analysis };
    this.dirty = true;
  }

  get size(): number {
    return Object.keys(this.entries).length;
  }

  /** Writes the cache (atomically) when it changed, and removes other engine versions' files. */
  save(): void {
    if (!this.dirty) return;
    const data: CacheFile = { format: CACHE_FORMAT, version: getEngineVersion(), entries: this.entries };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(data, (k, v: unknown) => (k === 'lineRange' && Array.isArray(v) && v.length > 2 ? `${v[0]}-${v[v.length - 1]}` : v)));
      fs.renameSync(tmp, this.file);
      this.dirty = false;
      for (const f of fs.readdirSync(this.dir)) {
        if (/^scan-[0-9a-f]+\.json$/.test(f) && path.join(this.dir, f) !== this.file) fs.rmSync(path.join(this.dir, f), { force: true });
      }
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}
