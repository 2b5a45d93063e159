/**
 * Loads web-tree-sitter and the Python grammar from the directory that holds the bundles (dist/ or out/test/).
 * One parser per process (or worker thread); callers never free it. Load failures name the path tried.
 */
import fs from 'node:fs';
import path from 'node:path';
import createWebTreeSitter from 'vigil:web-tree-sitter';
import type * as WebTreeSitter from 'web-tree-sitter';
import type { Edit, Language, Parser } from 'web-tree-sitter';
import { installNodeMemo } from './python';

export type { Node, Tree, Point, Edit, Parser, Query } from 'web-tree-sitter';

/**
 * A tree edit for `Tree.edit`, which reads only these six fields: web-tree-sitter's `Edit` class adds two helpers
 * nothing here calls, and its constructor would belong to one runtime.
 */
export function treeEdit(fields: Pick<Edit, 'startIndex' | 'oldEndIndex' | 'newEndIndex' | 'startPosition' | 'oldEndPosition' | 'newEndPosition'>): Edit {
  return fields as Edit;
}

/** A web-tree-sitter runtime: its classes, bound to its own WASM instance and heap. */
export type TreeSitterRuntime = typeof WebTreeSitter;

export const WASM_RUNTIME = 'web-tree-sitter.wasm';
export const WASM_PYTHON = 'tree-sitter-python.wasm';

/** The loaded grammar plus a parser configured for it, on one runtime (`runtime`: its Query and Parser classes). */
export interface PythonParser {
  readonly language: Language;
  readonly parser: Parser;
  readonly wasmDir: string;
  readonly runtime: TreeSitterRuntime;
}

let loading: Promise<PythonParser> | undefined;
/** The Emscripten module object of the last runtime loaded (Parser.init's options; its HEAP8 tracks memory growth). */
let wasmModule: { HEAP8?: Int8Array } | undefined;

/** Current size of the last loaded tree-sitter runtime's WASM heap in bytes (it only grows), or undefined before. */
export function wasmHeapBytes(): number | undefined {
  return wasmModule?.HEAP8?.buffer.byteLength;
}

/** Finds the directory holding both WASM files: next to this bundle, or an explicit override. */
export function findWasmDir(explicit?: string): string {
  const candidates = [explicit, process.env.VIGIL_WASM_DIR, __dirname, path.join(__dirname, '..', 'dist')].filter(
    (d): d is string => typeof d === 'string' && d.length > 0,
  );
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, WASM_PYTHON)) && fs.existsSync(path.join(dir, WASM_RUNTIME))) return dir;
  }
  throw new Error(`Vigil: cannot find ${WASM_PYTHON} and ${WASM_RUNTIME}; looked in ${candidates.join(', ')}`);
}

/** Loads (once per process or thread) the tree-sitter runtime and the Python grammar. */
export function loadPython(wasmDir?: string): Promise<PythonParser> {
  loading ??= loadFreshPython(wasmDir);
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * Loads the grammar on a new tree-sitter runtime, with a WASM instance and heap of its own. After the watchdog
 * interrupted code running inside a runtime's WASM (its memory allocator included), that heap may be damaged: a
 * stress test crashed with "memory access out of bounds" after about 75 interrupted parses. The engine then moves
 * to a fresh runtime and drops every object of the old one without calling into it (`Engine.renewed`).
 */
export async function loadFreshPython(wasmDir?: string): Promise<PythonParser> {
  // (The Emscripten module object is the options object: web-tree-sitter calls every WASM export through it.)
  const runtime = createWebTreeSitter();
  installNodeMemo(runtime.Node);
  const dir = findWasmDir(wasmDir);
  const moduleOptions = { locateFile: (name: string) => path.join(dir, name) };
  await runtime.Parser.init(moduleOptions);
  wasmModule = moduleOptions as { HEAP8?: Int8Array };
  const bytes = fs.readFileSync(path.join(dir, WASM_PYTHON));
  const language = await runtime.Language.load(bytes);
  if (language.abiVersion < runtime.MIN_COMPATIBLE_VERSION || language.abiVersion > runtime.LANGUAGE_VERSION) {
    throw new Error(
      `Vigil: ${WASM_PYTHON} has ABI ${language.abiVersion}, web-tree-sitter supports ${runtime.MIN_COMPATIBLE_VERSION}..${runtime.LANGUAGE_VERSION}`,
    );
  }
  const parser = new runtime.Parser();
  parser.setLanguage(language);
  const loaded: PythonParser = { language, parser, wasmDir: dir, runtime };
  moduleOf.set(loaded, moduleOptions as unknown as Record<string, unknown>);
  return loaded;
}

/** Each loaded runtime's Emscripten module object. */
const moduleOf = new WeakMap<PythonParser, Record<string, unknown>>();

const ABANDONED = 'Vigil: this tree-sitter runtime was abandoned after the watchdog interrupted it (engine/watchdog.ts)';

/**
 * Makes sure nothing runs inside a runtime's WASM again (`loadFreshPython`): its exports' frees (what `delete()` and
 * web-tree-sitter's finalizers of collected objects call) do nothing, and every other export throws.
 */
export function abandonRuntime(p: PythonParser): void {
  const m = moduleOf.get(p);
  if (!m) return;
  moduleOf.delete(p);
  for (const key of Object.keys(m)) {
    if (!key.startsWith('_') || typeof m[key] !== 'function') continue;
    m[key] = /_delete(?:_wasm)?$|^_free$/.test(key)
      ? () => undefined
      : () => {
          throw new Error(ABANDONED);
        };
  }
}
