/**
 * Django settings-module helpers for the VG2xx rules: which files are settings modules, and module-level
 * `NAME = value` assignments.
 */
import type { Node } from '../../server/src/engine/parser';
import { importRecords, type FileContext } from '../../server/src/engine/context';
import { unparen } from '../../server/src/engine/python';

const MARKERS = new Set(['INSTALLED_APPS', 'MIDDLEWARE', 'MIDDLEWARE_CLASSES', 'ROOT_URLCONF']);
const cache = new WeakMap<FileContext, boolean>();

/** The target name of a module-level `NAME = value` (also `NAME: T = value`), or undefined. */
export function moduleLevelName(assign: Node): string | undefined {
  if (assign.type !== 'assignment') return undefined;
  const left = assign.childForFieldName('left');
  if (!left || left.type !== 'identifier') return undefined;
  // Cheap test first: settings names are upper case.
  const name = left.text;
  if (name !== name.toUpperCase()) return undefined;
  const stmt = assign.parent;
  if (!stmt || stmt.type !== 'expression_statement' || stmt.parent?.type !== 'module') return undefined;
  return name;
}

/**
 * A Django settings module: assigns INSTALLED_APPS, MIDDLEWARE or ROOT_URLCONF at module level, or is a
 * `settings.py` / a module inside a `settings/` package that imports another settings module with `*`.
 */
export function isSettingsModule(file: FileContext, filename: string | undefined): boolean {
  let v = cache.get(file);
  if (v !== undefined) return v;
  v = false;
  // Django's own defaults module (django/conf/global_settings.py) is not a project's settings.
  if (filename && /(^|[\\/])global_settings\.py$/.test(filename)) {
    cache.set(file, v);
    return v;
  }
  for (const s of file.root.namedChildren) {
    if (s.type === 'expression_statement') {
      const a = s.namedChildren[0];
      const name = a ? moduleLevelName(a) : undefined;
      if (name && MARKERS.has(name)) {
        v = true;
        break;
      }
    }
  }
  if (!v && filename && /(^|[\\/])settings(\.py$|[\\/][^\\/]+\.py$)/.test(filename)) {
    // Split settings (`settings/production.py` with `from .base import *`), or one importing Django. Both read
    // from the module's statements, not the import state where the question is asked: the answer is the file's,
    // whichever rule asks first (it is cached) and wherever the editor re-checks.
    v = file.root.namedChildren.some(
      (s) => (s.type === 'import_statement' || s.type === 'import_from_statement') && importRecords(s).some((r) => r.alias === '*' || r.module === 'django' || r.module.startsWith('django.')),
    );
  }
  cache.set(file, v);
  return v;
}

/** The right-hand side of an assignment, unparenthesised. */
export function rhs(assign: Node): Node | undefined {
  const r = assign.childForFieldName('right');
  return r ? unparen(r) : undefined;
}

/**
 * Test code (`test_*.py`, `*_test.py`, `conftest.py`, files under `tests/` or `test/`): configuration rules skip
 * it, because test settings and test servers turn these protections off on purpose.
 */
let lastPath: string | undefined;
let lastIsTest = false;
export function isTestPath(filename: string | undefined): boolean {
  if (!filename) return false;
  if (filename !== lastPath) {
    // Both set after the tests: an interrupted analysis (engine/watchdog.ts) must not leave one without the other.
    const isTest = /(^|[\\/])(test_[^\\/]*|[^\\/]*_tests?|conftest|tests?)\.py$/.test(filename) || /(^|[\\/])tests?[\\/]/.test(filename);
    lastPath = filename;
    lastIsTest = isTest;
  }
  return lastIsTest;
}
