// Build script: bundles the client, server, CLI and scan worker into dist/, and (with --tests / --scripts)
// the node:test suites into out/test/ and the maintenance scripts into out/scripts/. Copies the two WASM
// files next to every bundle that loads the parser.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const wasmFiles = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
];

function copyWasm(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of wasmFiles) fs.copyFileSync(f, path.join(dir, path.basename(f)));
}

/**
 * `import createWebTreeSitter from 'vigil:web-tree-sitter'`: web-tree-sitter's CommonJS build wrapped in a function,
 * so that each call gives a runtime of its own (its own WASM instance, heap and classes). web-tree-sitter keeps its
 * WASM module in a module-level variable set once; after the watchdog interrupted code inside it, that heap cannot
 * be trusted, and the engine starts over on a new one (server/src/engine/parser.ts).
 */
const webTreeSitterFactory = {
  name: 'web-tree-sitter-factory',
  setup(build) {
    build.onResolve({ filter: /^vigil:web-tree-sitter$/ }, () => ({ path: 'web-tree-sitter-factory', namespace: 'vigil' }));
    build.onLoad({ filter: /.*/, namespace: 'vigil' }, () => {
      const file = path.resolve('node_modules/web-tree-sitter/web-tree-sitter.cjs');
      const source = fs.readFileSync(file, 'utf8');
      return {
        contents: `module.exports = function createWebTreeSitter() {\n"use strict";\nvar module = { exports: {} }, exports = module.exports;\n${source}\nreturn module.exports;\n};\n`,
        loader: 'js',
        resolveDir: path.dirname(file),
      };
    });
  },
};

const common = {
  bundle: true,
  plugins: [webTreeSitterFactory],
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  loader: { '.scm': 'text' },
  // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
  // web-tree-sitter's ESM build references import.meta.url; we always pass locateFile, so this is inert.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

function listTests(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'e2e' || e.name === 'fixtures') continue;
      out.push(...listTests(p));
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Entry points that exist (parts of the tree land in separate commits). */
function existing(entries) {
  return Object.fromEntries(Object.entries(entries).filter(([, f]) => fs.existsSync(f)));
}
const serverEntries = () =>
  existing({ server: 'server/src/main.ts', cli: 'server/src/cli/main.ts', worker: 'server/src/engine/scan/worker.ts' });

const builds = [];
if (!args.has('--tests') && !args.has('--scripts') || args.has('--all')) {
  copyWasm('dist');
  builds.push(
    { ...common, entryPoints: existing({ client: 'client/src/extension.ts' }), outdir: 'dist', external: ['vscode'] },
    {
      ...common,
      entryPoints: serverEntries(),
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
    },
  );
}
if (args.has('--tests') || args.has('--all')) {
  // Tests run against the real bundles too (LSP over stdio, CLI), so build those first.
  copyWasm('dist');
  builds.push(
    { ...common, entryPoints: existing({ client: 'client/src/extension.ts' }), outdir: 'dist', external: ['vscode'] },
    {
      ...common,
      entryPoints: serverEntries(),
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
    },
  );
  // `--only test/x.test.ts` builds one suite (helpers working in parallel stay out of each other's way).
  const only = process.argv.indexOf('--only');
  const entries = only > 0 ? [process.argv[only + 1]] : listTests('test');
  if (only < 0) fs.rmSync('out/test', { recursive: true, force: true });
  copyWasm('out/test');
  builds.push({ ...common, entryPoints: entries, outdir: 'out/test', outbase: 'test', external: ['vscode'] });
}
if (args.has('--scripts') || args.has('--all')) {
  copyWasm('out/scripts');
  const scripts = fs.readdirSync('scripts').filter((f) => f.endsWith('.ts')).map((f) => path.join('scripts', f));
  builds.push({ ...common, entryPoints: scripts, outdir: 'out/scripts', outbase: 'scripts' });
}

for (const b of builds) {
  if (Array.isArray(b.entryPoints) ? b.entryPoints.length === 0 : Object.keys(b.entryPoints).length === 0) continue;
  if (watch) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  } else {
    await esbuild.build(b);
  }
}
for (const f of ['dist/cli.js', 'dist/server.js']) if (fs.existsSync(f)) fs.chmodSync(f, 0o755);
