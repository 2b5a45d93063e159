// npm's `prepare` hook, run by `npm install` and `npm ci` in this directory: builds dist/ so that
// `node dist/cli.js scan PATH` and `node dist/server.js --stdio` work right after installing. When the dev
// dependencies are not installed (`npm install --omit=dev`: no esbuild), it says so and leaves dist/ alone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('esbuild');
} catch {
  console.log('vigil: esbuild is not installed (dev dependencies omitted), so dist/ was not built; run `npm install` to build it');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
