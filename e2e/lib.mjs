// Shared by the browser tests: a demo server per engine, sign-in, phone and desktop viewports,
// both languages, and an accessibility check with axe-core (WCAG 2.2 AA: no serious or
// critical violation may remain).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const binary = process.env.HIFAZAT_BIN || join(root, 'target', 'debug', 'hifazat');
export const shots = join(root, 'e2e', 'test-results');
export const ENGINES = ['sqlite', 'postgres'];
/** A cheap phone and a laptop. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };
export const PASSWORD = 'hifazat-demo';
const pgAdmin = { host: '127.0.0.1', user: 'postgres', db: 'test' };
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export function psql(sql) {
  execFileSync('psql', ['-h', pgAdmin.host, '-U', pgAdmin.user, '-d', pgAdmin.db, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
}

/** A demo server on `engine` (a fresh data directory or PostgreSQL database), stopped by `stop()`. */
export async function startServer(engine, demoCases = 300) {
  mkdirSync(shots, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'hifazat-e2e-'));
  const args = ['serve', '--demo', '--demo-cases', String(demoCases), '--data-dir', dataDir, '--listen', '127.0.0.1:0'];
  let dbName = null;
  if (engine === 'postgres') {
    dbName = `hifazat_e2e_${process.pid}_${Date.now()}`;
    psql(`CREATE DATABASE ${dbName}`);
    args.push('--database-url', `postgres://${pgAdmin.user}@${pgAdmin.host}:5432/${dbName}`);
  }
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HIFAZAT_LOG: 'warn' } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${stderr}`)), 120_000);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving on (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  return {
    base,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** Debian's Chromium, headless, without any network of its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** A browser context at `viewport`, in `lang` (`en` or `ur`, remembered by the language cookie). */
export async function newContext(browser, base, { viewport = DESKTOP, lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport });
  const url = new URL(base);
  await context.addCookies([{ name: 'hifazat_lang', value: lang, domain: url.hostname, path: '/' }]);
  return context;
}

export async function login(page, base, username, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.ok(!page.url().includes('/login'), `login as ${username} failed`);
}

/** Fails on any serious or critical WCAG 2.2 A/AA violation on the page as it is now. */
export async function checkA11y(page, label) {
  // Evaluated through the browser's debugging protocol: the pages' CSP forbids inline scripts.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: accessibility violations ${JSON.stringify(bad, null, 1)}`);
}

/** Fails when the page is wider than the viewport (it must not scroll sideways). */
export async function checkFits(page, label) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The innermost elements that stick out, to say what to fix.
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > client + 1 || el.getBoundingClientRect().left < -1)
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > client + 1))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class')}"> ${Math.round(el.getBoundingClientRect().width)}px: ${(el.textContent || '').trim().slice(0, 50)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  assert.ok(scroll <= client + 1, `${label}: the page is ${scroll}px wide in a ${client}px window; sticking out: ${wide.join(' | ')}`);
}

/** A screenshot under e2e/test-results (and, with SCREENSHOTS=dir, a copy for the README's tour). */
export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

export function isoDate(daysFromNow) {
  const d = new Date(Date.now() + daysFromNow * 86400_000);
  return d.toISOString().slice(0, 10);
}
