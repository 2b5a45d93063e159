// Trust: Vigil declares untrusted-workspace support because it never executes workspace content, never loads code
// from the workspace and never uses the network. These checks keep that true as the code grows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('the manifest declares untrusted-workspace support and no virtual-workspace file access', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
    dependencies?: Record<string, string>;
  };
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(pkg.capabilities.virtualWorkspaces, false);
  // Everything is bundled: the package has no runtime dependencies to audit or ship.
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
});

test('the engine, rules and CLI never spawn processes, open sockets, or evaluate code', () => {
  const files = [...sources(path.join(ROOT, 'server', 'src', 'engine')), ...sources(path.join(ROOT, 'rules')), ...sources(path.join(ROOT, 'server', 'src', 'cli'))];
  const banned = /from ['"](node:)?(child_process|net|http|https|http2|tls|dgram|dns|vm)['"]|(?<![.\w'"])eval\(|new Function\(|require\(/;
  // Comments and method declarations named `eval` (the taint evaluator) are not calls of the builtin.
  const code = (f: string) => fs.readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/(private|public|protected)\s+eval\(/g, '');
  // The watchdog (engine/watchdog.ts) imports vm only for the timeout of a script it writes itself, `task()`,
  // which calls the analysis function: checked below, not banned.
  const WATCHDOG = path.join(ROOT, 'server', 'src', 'engine', 'watchdog.ts');
  const offenders = files.filter((f) => banned.test(code(f).replace(f === WATCHDOG ? /^import vm from 'node:vm';$/m : /^(?!)/, '')));
  assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  const vmUses = [...code(WATCHDOG).matchAll(/\bvm\.\w+\(.*$|\bscript\.\w+\(/gm)].map((m) => m[0]);
  assert.deepEqual(vmUses, [
    'vm.createContext(Object.create(null) as object) as { task?: () => unknown };',
    "vm.Script('task()', { filename: 'vigil-watchdog' });",
    'script.runInContext(',
  ]);
});

test('no bundle reaches the network: no http/https/tls/dgram/dns modules in dist/', () => {
  for (const f of ['server.js', 'cli.js', 'worker.js', 'client.js']) {
    const p = path.join(ROOT, 'dist', f);
    if (!fs.existsSync(p)) continue;
    const text = fs.readFileSync(p, 'utf8');
    const found = [...text.matchAll(/require\("(?:node:)?(https?|http2|tls|dgram|dns)"\)/g)].map((m) => m[1]);
    assert.deepEqual(found, [], `${f} requires network modules`);
  }
});

test('the .vsix holds only the bundles, the grammar, the manifest, README, LICENSE and docs', { timeout: 120_000 }, () => {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.ok(files.includes('dist/server.js') && files.includes('dist/client.js') && files.includes('dist/tree-sitter-python.wasm'), out);
  const unexpected = files.filter((f) => !/^(dist\/[\w.-]+\.(js|wasm)|package\.json|README\.md|LICENSE|docs\/.*\.md)$/.test(f));
  assert.deepEqual(unexpected, []);
});
