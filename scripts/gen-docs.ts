// Writes docs/rules/*.md and the README rules table (`--check`: fail when they are stale).
import fs from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './docs';

const root = path.join(__dirname, '..', '..');
const check = process.argv.includes('--check');
let stale = 0;
const files = generatedFiles(root);
fs.mkdirSync(path.join(root, 'docs', 'rules'), { recursive: true });
for (const [file, content] of files) {
  const cur = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (cur === content) continue;
  stale++;
  if (check) console.error(`stale: ${path.relative(root, file)}`);
  else fs.writeFileSync(file, content);
}
// Pages of rules that no longer exist.
for (const f of fs.readdirSync(path.join(root, 'docs', 'rules'))) {
  const p = path.join(root, 'docs', 'rules', f);
  if (!files.has(p)) {
    stale++;
    if (check) console.error(`orphan: docs/rules/${f}`);
    else fs.rmSync(p);
  }
}
if (check && stale > 0) {
  console.error('Generated docs are stale: run `npm run gen`.');
  process.exit(1);
}
console.log(check ? 'docs up to date' : `docs: ${files.size} files checked, ${stale} written`);
