// The browser test: page.mjs in real Chromium (driven by playwright-core)
// and real Firefox (firefox-esr --headless with a fresh profile; the page
// POSTs its results back to this loopback server).
//
//   node test/browser/run.mjs [--package DIR] [--browsers chromium,firefox]
//
// --package: the package directory to test (default: this checkout; the
// pack test passes the copy npm installed from the tarball).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { serve } from './serve.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    package: { type: 'string', default: resolve(here, '../..') },
    browsers: { type: 'string', default: 'chromium,firefox' },
  },
});
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_BIN || 'firefox-esr';
const TIMEOUT_MS = 90_000;

export async function chromium(url) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'sdpcheck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await context.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.__result, null, { timeout: TIMEOUT_MS });
    const result = await page.evaluate(() => window.__result);
    if (!result.ok) result.console = logs;
    return result;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function firefox(url, server) {
  const profile = mkdtempSync(join(tmpdir(), 'sdpcheck-firefox-'));
  // A quiet profile: no first-run pages, no default-browser check, no
  // telemetry, no updates; nothing else may reach the network.
  writeFileSync(join(profile, 'user.js'), [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("browser.startup.homepage_override.mstone", "ignore");',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("browser.aboutwelcome.enabled", false);',
    'user_pref("network.proxy.type", 0);',
  ].join('\n'));
  const child = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, url], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  try {
    let timer;
    const result = await Promise.race([
      server.nextResult(),
      exited.then((code) => ({ ok: false, steps: [{ name: 'firefox stayed up', ok: false, detail: `exit ${code}: ${stderr.slice(-2000)}` }] })),
      new Promise((r) => { timer = setTimeout(() => r({ ok: false, steps: [{ name: 'firefox answered in time', ok: false, detail: stderr.slice(-2000) }] }), TIMEOUT_MS); }),
    ]);
    clearTimeout(timer);
    return result;
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const server = await serve({ '/pkg/': values.package, '/test/': here });
  const url = `${server.url}/test/page.html`;
  let failed = false;
  try {
    for (const name of values.browsers.split(',')) {
      const result = name === 'chromium' ? await chromium(url) : await firefox(`${url}?post=1`, server);
      // The verdict must come from the browser named, not another one.
      const engine = name === 'chromium' ? /Chrome\// : /Firefox\//;
      result.steps.push({ name: `ran in ${name}`, ok: engine.test(result.userAgent ?? ''), detail: result.userAgent });
      result.ok &&= result.steps.at(-1).ok;
      console.log(`${name}: ${result.ok ? 'ok' : 'FAILED'} (${result.userAgent ?? '?'})`);
      for (const s of result.steps) {
        console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}${s.ok ? '' : `: ${JSON.stringify(s.detail)}`}`);
      }
      if (result.browserVerdict) console.log(`  browser verdict on the munged offer: ${JSON.stringify(result.browserVerdict)}`);
      if (result.checkMicros) {
        console.log(`  check() on its own ${result.offerBytes}-byte offer: ${result.checkMicros.toFixed(1)} us (module load ${result.loadMs.toFixed(0)} ms)`);
      }
      if (result.console) console.log(`  console: ${result.console.join('\n  ')}`);
      failed ||= !result.ok;
    }
  } finally {
    await server.close();
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
