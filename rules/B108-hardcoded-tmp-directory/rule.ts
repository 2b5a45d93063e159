// B108 hardcoded_tmp_directory: any str constant starting with one of `hardcoded_tmp_directory.tmp_dirs`
// (default /tmp, /var/tmp, /dev/shm); a plain prefix test, so "/tmpfoo" matches too.
import { defineRule, pluginDocs, type Report } from '../../server/src/engine/rule';
import { pluginBlock, type RuleOptions } from '../../server/src/engine/options';
import { mayContain, strConstants } from '../_shared/strings';
import query from './query.scm';

const DEFAULT_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

/** The configured tmp_dirs, read once per settings object (the check runs on every string of a file). */
const dirsOf = new WeakMap<RuleOptions['plugins'], readonly string[]>();
function tmpDirs(options: RuleOptions): readonly string[] {
  let dirs = dirsOf.get(options.plugins);
  if (!dirs) {
    const { tmp_dirs } = pluginBlock(options, 'hardcoded_tmp_directory', { tmp_dirs: DEFAULT_DIRS as unknown });
    dirs = Array.isArray(tmp_dirs) ? tmp_dirs.filter((d): d is string => typeof d === 'string') : DEFAULT_DIRS;
    dirsOf.set(options.plugins, dirs);
  }
  return dirs;
}

export default defineRule({
  id: 'B108',
  name: 'hardcoded-tmp-directory',
  banditName: 'hardcoded_tmp_directory',
  summary: 'Hard-coded temporary file or directory',
  severity: 'MEDIUM',
  confidence: 'MEDIUM',
  cwe: 377,
  tags: ['tempfile'],
  status: 'stable',
  moreInfo: pluginDocs('B108', 'hardcoded_tmp_directory'),
  query,
  messages: { tmpDir: 'Probable insecure usage of temp file/directory.' },
  check(match, ctx) {
    const dirs = tmpDirs(ctx.options);
    // Most strings are rejected by their source text, without decoding them.
    if (match.node.type === 'string') {
      const raw = match.node.text;
      if (!dirs.some((d) => mayContain(raw, d))) return undefined;
    }
    const consts = strConstants(match.node);
    if (consts.length === 0) return undefined;
    const out: Report[] = [];
    for (const c of consts) {
      if (dirs.some((d) => c.value.startsWith(d))) out.push({ node: c.node, lineRangeRows: c.rows, messageId: 'tmpDir' });
    }
    return out;
  },
});
