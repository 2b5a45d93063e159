// VG604 path_traversal: request data used as a file-system path (open, send_file, FileResponse, os.remove,
// shutil.*) within one function. `os.path.basename()` and `secure_filename()` stop the flow.
import { defineRule } from '../../server/src/engine/rule';
import type { Node } from '../../server/src/engine/parser';
import { taintAt, taintPossible, taintReport } from '../_shared/taint';
import { lastNames } from '../_shared/callnames';
import query from './query.scm';

/** Sink qualname -> [keyword, positional index] pairs naming path arguments. */
const SINKS: Record<string, [string, number][]> = {
  open: [['file', 0]],
  'io.open': [['file', 0]],
  'codecs.open': [['filename', 0]],
  'flask.send_file': [['path_or_file', 0], ['filename_or_fp', 0]],
  // send_from_directory joins safely; only the directory is dangerous.
  'flask.send_from_directory': [['directory', 0]],
  'flask.helpers.send_file': [['path_or_file', 0]],
  'django.http.FileResponse': [['streaming_content', 0]],
  'os.remove': [['path', 0]],
  'os.unlink': [['path', 0]],
  'os.rmdir': [['path', 0]],
  'os.removedirs': [['name', 0]],
  'os.rename': [['src', 0], ['dst', 1]],
  'os.replace': [['src', 0], ['dst', 1]],
  'os.listdir': [['path', 0]],
  'shutil.rmtree': [['path', 0]],
  'shutil.copy': [['src', 0], ['dst', 1]],
  'shutil.copy2': [['src', 0], ['dst', 1]],
  'shutil.copyfile': [['src', 0], ['dst', 1]],
  'shutil.copytree': [['src', 0], ['dst', 1]],
  'shutil.move': [['src', 0], ['dst', 1]],
};

export default defineRule({
  id: 'VG604',
  name: 'path-traversal',
  banditName: 'path_traversal',
  summary: 'Request data used as a file path',
  severity: 'HIGH',
  confidence: 'MEDIUM',
  cwe: 22,
  tags: ['vigil', 'injection', 'path', 'taint', 'flask', 'django'],
  status: 'preview',
  moreInfo: 'https://cwe.mitre.org/data/definitions/22.html',
  query,
  // Sink names: the SINKS keys.
  // Reports only at the sink call (taintAt/fnInfo run only past the sink test, so skipped calls change no state).
  callNames: lastNames(Object.keys(SINKS)),
  messages: {
    tainted:
      '{source} read on line {line} reaches {sink} as a file path, so a client can use "../" to read or change files outside the intended directory.',
  },
  check(match, ctx) {
    const call = ctx.call(match.node);
    const spec = Object.hasOwn(SINKS, call.qualname) ? SINKS[call.qualname] : undefined;
    if (!spec) return undefined;
    if (!taintPossible(ctx.file)) return undefined;
    const seen = new Set<Node>();
    for (const [kw, i] of spec) {
      const arg = call.kw(kw) ?? call.args[i];
      if (!arg || seen.has(arg)) continue;
      seen.add(arg);
      const t = taintAt(ctx, arg, match.node);
      if (t && !t.container) return taintReport(call, arg, t, call.qualname);
    }
    return undefined;
  },
});
