/**
 * Loads web-tree-sitter and the Python grammar from the directory that holds the bundles (dist/ or out/test/).
 * One parser per process (or worker thread); callers never free it. Load failures name the path tried.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Language, LANGUAGE_VERSION, MIN_COMPATIBLE_VERSION, Parser } from 'web-tree-sitter';

export type { Node, Tree, Point, Edit } from 'web-tree-sitter';
export { Parser, Query } from 'web-tree-sitter';

export const WASM_RUNTIME = 'web-tree-sitter.wasm';
export const WASM_PYTHON = 'tree-sitter-python.wasm';

/** The loaded grammar plus a parser configured for it. */
export interface PythonParser {
  readonly language: Language;
  readonly parser: Parser;
  readonly wasmDir: string;
}

let loading: Promise<PythonParser> | undefined;
/** The Emscripten module object (Parser.init's options become the module; its HEAP8 tracks memory growth). */
let wasmModule: { HEAP8?: Int8Array } | undefined;

/** Current size of the tree-sitter WASM heap in bytes (it only grows), or undefined before loading. */
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

/** Loads (once) the tree-sitter runtime and the Python grammar. */
export function loadPython(wasmDir?: string): Promise<PythonParser> {
  loading ??= (async () => {
    const dir = findWasmDir(wasmDir);
    const moduleOptions = { locateFile: (name: string) => path.join(dir, name) };
    await Parser.init(moduleOptions);
    wasmModule = moduleOptions as { HEAP8?: Int8Array };
    const bytes = fs.readFileSync(path.join(dir, WASM_PYTHON));
    const language = await Language.load(bytes);
    if (language.abiVersion < MIN_COMPATIBLE_VERSION || language.abiVersion > LANGUAGE_VERSION) {
      throw new Error(
        `Vigil: ${WASM_PYTHON} has ABI ${language.abiVersion}, web-tree-sitter supports ${MIN_COMPATIBLE_VERSION}..${LANGUAGE_VERSION}`,
      );
    }
    const parser = new Parser();
    parser.setLanguage(language);
    return { language, parser, wasmDir: dir };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
