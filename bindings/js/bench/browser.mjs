// Chromium timing of check() on the same Chrome offer bench/node.mjs and
// benches/native.rs time: the package loaded in a headless page from a
// loopback server, timed with performance.now() after a warm-up.
//
//   node bench/browser.mjs        (after bash build.sh)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../test/browser/serve.mjs';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const offer = readFileSync(`${root}valid/chrome/audio-video-data.offer.sdp`, 'utf8');
const answer = readFileSync(`${root}valid/chrome/audio-video-data.answer.sdp`, 'utf8');
const log = readFileSync(`${root}logs/browser-console.log`, 'utf8');

const server = await serve({ '/pkg/': pkg, '/': join(pkg, 'bench') });
const profile = mkdtempSync(join(tmpdir(), 'sdpcheck-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await context.newPage();
  await page.goto(`${server.url}/pkg/package.json`);
  const rows = await page.evaluate(async ({ offer, answer, log }) => {
    const { check, checkPair, extract } = await import('/pkg/js/browser.js');
    const time = (name, fn) => {
      for (let i = 0; i < 200; i++) fn();
      let runs = 0;
      const start = performance.now();
      while (performance.now() - start < 2000) {
        for (let i = 0; i < 50; i++) fn();
        runs += 50;
      }
      return `${name.padEnd(36)} ${(((performance.now() - start) * 1000) / runs).toFixed(1).padStart(8)} us/call (${runs} calls)`;
    };
    return [
      time('check/chrome-offer (check())', () => check(offer)),
      time('check_pair/chrome (checkPair())', () => checkPair(offer, answer)),
      time('extract/browser-console-log', () => extract(log)),
    ];
  }, { offer, answer, log });
  console.log(`Chromium ${context.browser()?.version() ?? ''}`.trim());
  for (const row of rows) console.log(row);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
