// Playwright UI smoke test of the extension in code-server's workbench (Debian Chromium via playwright-core):
// squiggles, the hover with the rule, Problems panel rows, a quick fix from Ctrl+. (the light-bulb menu) and
// "Vigil: Scan Workspace" from the command palette. Screenshots go to test-results/e2e/ (git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DEV, FIXTURES, ROOT, SAMPLE_APP, launchBrowser, log, makeRunDir, secondsSince, startCodeServer, workbenchUrl, WORK_DIR } from './harness';

const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const UI_SAMPLE = ['import subprocess', 'import yaml', '', '', 'def load(path):', '    with open(path) as f:', '        return yaml.load(f)', ''].join('\n');
const UI_CLOSED = 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';
const T = 30000;

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T });
}

export async function runUi(): Promise<number> {
  const t0 = Date.now();
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const runDir = makeRunDir('ui');
  const ws = path.join(WORK_DIR, 'ws-ui');
  fs.rmSync(ws, { recursive: true, force: true });
  fs.cpSync(fs.existsSync(SAMPLE_APP) ? SAMPLE_APP : path.join(FIXTURES, 'app'), ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'ui_sample.py'), UI_SAMPLE);
  fs.writeFileSync(path.join(ws, 'ui_closed.py'), UI_CLOSED);
  const cs = await startCodeServer(runDir);
  const { ctx, page } = await launchBrowser(runDir);
  const steps: string[] = [];
  const step = (s: string) => {
    steps.push(`${secondsSince(t0)} s ${s}`);
    log(`ui: ${s} (${secondsSince(t0)} s)`);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name) });
  let code = 1;
  try {
    await page.goto(workbenchUrl(cs, ws, [['extensionDevelopmentPath', cs.remote + EXTENSION_DEV]]));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ui_sample.py' }).first().waitFor({ timeout: T });
    step('workbench rendered');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'ui_sample.py' }).first().click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'yaml.load' }).waitFor({ timeout: T });
    step('ui_sample.py open');

    // 1. squiggles: B506 (Warning) under yaml.load, B404 (Information) under the subprocess import
    const warn = page.locator('.monaco-editor .squiggly-warning').first();
    await warn.waitFor({ timeout: T });
    await page.locator('.monaco-editor .squiggly-info').first().waitFor({ timeout: T });
    step('squiggles visible (warning + info)');
    await shot('ui-1-squiggles.png');

    // 2. hover on the B506 squiggle shows the rule
    const box = await warn.boundingBox();
    if (!box) throw new Error('no bounding box for the warning squiggle');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:visible', { hasText: 'B506' }).first();
    await hover.waitFor({ timeout: T });
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
    if (!/yaml/i.test(hoverText)) throw new Error(`hover does not mention yaml: ${hoverText}`);
    step(`hover: ${hoverText.slice(0, 160)}`);
    await shot('ui-2-hover.png');
    await page.keyboard.press('Escape');

    // 3. Problems panel rows
    await palette(page, 'Focus on Problems View');
    const b506Row = page.locator('.markers-panel .monaco-list-row', { hasText: 'B506' }).first();
    await b506Row.waitFor({ timeout: T });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'B404' }).first().waitFor({ timeout: T });
    step(`Problems row: ${(await b506Row.innerText()).replace(/\s+/g, ' ')}`);
    await shot('ui-3-problems.png');

    // 4. quick fix from the light-bulb menu (Ctrl+. on the finding)
    await page.mouse.click(box.x + 3, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const fixRow = page.locator('.action-widget .monaco-list-row', { hasText: 'safe_load' }).first();
    await fixRow.waitFor({ timeout: T });
    step('quick-fix menu open');
    await shot('ui-4-quickfix-menu.png');
    // The preferred fix is focused first; Enter applies it (a mouse click races the menu's own hover handling).
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'safe_load' }).waitFor({ timeout: T });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'yaml.safe_load(f)' }).waitFor({ timeout: T });
    await page.locator('.monaco-editor .squiggly-warning').waitFor({ state: 'detached', timeout: T });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'B506' }).waitFor({ state: 'detached', timeout: T });
    step('quick fix applied: yaml.safe_load, B506 squiggle and Problems row gone');
    await shot('ui-5-quickfix-applied.png');

    // 5. "Vigil: Scan Workspace" from the command palette: the closed ui_closed.py shows up in Problems
    await palette(page, 'Vigil: Scan Workspace');
    // The Problems list is virtualised and the sample app's files come first: filter it to the closed file.
    const filter = page.getByPlaceholder('Filter (e.g. text').first();
    await filter.fill('ui_closed');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'ui_closed.py' }).first().waitFor({ timeout: T });
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'B301' }).first().waitFor({ timeout: T });
    step('scan: ui_closed.py (B403, B301) listed in Problems');
    await shot('ui-6-scan.png');
    code = 0;
  } catch (e) {
    log(`ui: FAILED: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await shot('ui-failure.png').catch(() => undefined);
    log(`ui: failure screenshot test-results/e2e/ui-failure.png; code-server log ${cs.logFile}`);
  } finally {
    await ctx.close().catch(() => undefined);
    await cs.stop();
  }
  fs.writeFileSync(path.join(SHOTS, 'ui-steps.txt'), `${steps.join('\n')}\n`);
  if (code === 0) fs.rmSync(runDir, { recursive: true, force: true });
  log(`ui: ${code === 0 ? 'passed' : 'FAILED'} after ${secondsSince(t0)} s`);
  return code;
}

if (path.basename(process.argv[1] ?? '') === 'ui.js') void runUi().then((c) => process.exit(c));
