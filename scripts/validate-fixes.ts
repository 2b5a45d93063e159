/**
 * `npm run validate-fixes [-- dir...] [--no-crlf] [--show] [--max-fixes N] [--rule ID] [--json out.json]`: checks every
 * fix of every finding on whole corpora (default /work/corpus/{nova,django,stdlib} plus every rule fixture),
 * on each file and on a CRLF copy of it. See test/helpers/fixcheck.ts for the checks. Exit 1 on any failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Engine } from '../server/src/engine/engine';
import { loadPython } from '../server/src/engine/parser';
import { RULES } from '../rules';
import { checkFile, fixtureHeader, formatFailure, listPython, toCrlf, type FixFailure } from '../test/helpers/fixcheck';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const noCrlf = argv.includes('--no-crlf');
  if (noCrlf) argv.splice(argv.indexOf('--no-crlf'), 1);
  const show = argv.includes('--show');
  if (show) argv.splice(argv.indexOf('--show'), 1);
  const maxFixes = flag('--max-fixes');
  const onlyRule = flag('--rule');
  const jsonOut = flag('--json');
  const root = path.resolve(__dirname, '..', '..');
  const dirs = argv.length > 0 ? argv : ['/work/corpus/nova', '/work/corpus/django', '/work/corpus/stdlib'];

  const engine = new Engine(await loadPython(), RULES);
  const files: { file: string; fixture: boolean }[] = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) {
      console.warn(`skipping missing ${d}`);
      continue;
    }
    for (const f of listPython(d)) files.push({ file: f, fixture: false });
  }
  const rulesDir = path.join(root, 'rules');
  for (const folder of fs.readdirSync(rulesDir).sort()) {
    const dir = path.join(rulesDir, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) if (/^fixture(_\w+)?\.py$/.test(f)) files.push({ file: path.join(dir, f), fixture: true });
  }

  const failures: FixFailure[] = [];
  const perRule = new Map<string, { safe: number; unsafe: number }>();
  let findings = 0;
  let fixable = 0;
  let fixes = 0;
  let corpusFiles = 0;
  let corpusFixes = 0;
  const t0 = Date.now();
  let n = 0;
  for (const { file, fixture } of files) {
    n++;
    let src: string;
    try {
      src = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const header = fixture ? fixtureHeader(src) : {};
    const rel = path.relative(fixture ? root : '/work/corpus', file);
    if (show && !fixture) showFixes(engine, src, rel);
    const variants: [string, boolean][] = [[src, false]];
    if (!noCrlf) variants.push([toCrlf(src), true]);
    for (const [text, crlf] of variants) {
      const rep = checkFile(
        engine,
        text,
        {
          filename: header.filename ?? rel,
          ...(header.plugins ? { plugins: header.plugins } : {}),
          ...(header.ignoreNosec ? { ignoreNosec: true } : {}),
          ...(onlyRule ? { enabled: new Set([onlyRule]) } : {}),
          ...(maxFixes ? { maxFixes: Number(maxFixes) } : {}),
        },
        { file: rel, crlf },
      );
      if (crlf && text === src) continue;
      if (!crlf) {
        findings += rep.findings;
        fixable += rep.fixable;
        if (!fixture) {
          corpusFiles++;
          corpusFixes += rep.fixes;
        }
        for (const [id, c] of rep.perRule) {
          const p = perRule.get(id) ?? { safe: 0, unsafe: 0 };
          p.safe += c.safe;
          p.unsafe += c.unsafe;
          perRule.set(id, p);
        }
      }
      fixes += rep.fixes;
      for (const f of rep.failures) {
        failures.push(f);
        console.log(formatFailure(f));
      }
    }
    if (n % 250 === 0) console.error(`... ${n}/${files.length} files, ${fixes} fixes, ${failures.length} failures, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  console.log('\nPer rule (fixes checked on LF originals: safe/unsafe):');
  for (const [id, c] of [...perRule].sort()) console.log(`  ${id.padEnd(6)} ${String(c.safe).padStart(6)} safe ${String(c.unsafe).padStart(6)} unsafe`);
  const byCheck = new Map<string, number>();
  for (const f of failures) byCheck.set(`${f.ruleId} ${f.check}`, (byCheck.get(`${f.ruleId} ${f.check}`) ?? 0) + 1);
  console.log(`\nFiles: ${files.length} (${corpusFiles} corpus, ${files.length - corpusFiles} fixtures), each also as CRLF: ${!noCrlf}`);
  console.log(`Findings: ${findings} (${fixable} with a fix); fixes applied and checked: ${fixes} (corpus, LF only: ${corpusFixes})`);
  console.log(`Failures: ${failures.length}${[...byCheck].map(([k, v]) => `\n  ${k}: ${v}`).join('')}`);
  console.log(`Time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ files: files.length, findings, fixable, fixes, corpusFixes, failures, perRule: Object.fromEntries(perRule) }, null, 1));
  process.exitCode = failures.length > 0 ? 1 : 0;
}

/** Prints every fix of a file as the changed lines before/after (for reviewing what the fixes do). */
function showFixes(engine: Engine, src: string, rel: string): void {
  const tree = engine.parse(src);
  const res = engine.analyze(tree, src, { options: { filename: rel, plugins: {} } });
  tree.delete();
  for (const f of res.findings) {
    for (const fix of f.fixes) {
      console.log(`--- ${rel}:${f.line} ${f.ruleId} [${fix.safety}] ${fix.title}`);
      for (const e of [...fix.edits].sort((x, y) => x.start - y.start)) {
        const ls = src.lastIndexOf('\n', e.start - 1) + 1;
        const le0 = src.indexOf('\n', Math.max(e.end, e.start === e.end ? e.start : e.end - 1));
        const le = le0 < 0 ? src.length : le0;
        const before = e.start === e.end && e.start === ls ? '' : src.slice(ls, le);
        const after = src.slice(ls, e.start) + e.text + src.slice(e.end, le);
        for (const l of before.split('\n')) if (before !== '') console.log(`-${l}`);
        for (const l of (e.start === e.end && e.start === ls ? e.text.replace(/\r?\n$/, '') : after).split('\n')) console.log(`+${l}`);
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
