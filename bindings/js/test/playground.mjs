// End to end in headless Chromium: the built playground (playground/dist)
// served from loopback with every other request refused, so it must work
// offline. Pastes one SDP, a pair and a log; checks the findings against
// the package in Node, the highlighted lines, the negotiated table, the
// rule docs, a share link that round-trips, and the cap message; saves a
// screenshot to playground/screenshot.png.
//
//   node test/playground.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { check, checkPair, extract } from '../js/node.js';
import { serve } from './browser/serve.mjs';
import { ROOT } from './cli.mjs';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dist = join(pkg, 'playground/dist');
assert.ok(existsSync(join(dist, 'index.html')), 'build the playground first: bash build.sh --playground');
const read = (p) => readFileSync(join(ROOT, p), 'utf8');

const server = await serve({ '/': dist });
const profile = mkdtempSync(join(tmpdir(), 'sdpcheck-playground-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  viewport: { width: 1400, height: 1000 },
});
const outside = [];
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.origin === server.url) return route.continue();
  outside.push(url.href);
  return route.abort();
});
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
let passed = 0;
const step = async (name, fn) => {
  await fn();
  passed++;
  console.log(`ok   ${name}`);
};

try {
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready=true]');

  await step('one SDP: the findings are the package\'s, with lines highlighted', async () => {
    const sdp = read('fixtures/demo/broken-offer.sdp');
    await page.fill('#text', sdp);
    await page.click('#check');
    const expected = check(sdp, { source: 'input' });
    assert.ok(expected.diagnostics.length >= 2);
    await page.waitForFunction((n) => document.querySelectorAll('#findings li.finding').length === n, expected.diagnostics.length);
    const shown = await page.$$eval('#findings li.finding .head', (els) => els.map((e) => e.textContent));
    expected.diagnostics.forEach((d, i) => {
      assert.ok(shown[i].includes(d.code) && shown[i].includes(d.rule) && shown[i].includes(`input:${d.line}:${d.column}`), shown[i]);
    });
    const help = await page.$$eval('#findings .help', (els) => els.length);
    assert.equal(help, expected.diagnostics.filter((d) => d.help).length);
    const codes = await page.$eval('#findings li.finding .codes', (e) => e.textContent);
    assert.ok(expected.diagnostics[0].codes.every((c) => codes.includes(String(c))), codes);
    const lines = new Set(expected.diagnostics.map((d) => d.line));
    const highlighted = await page.$$eval('.source .line.hl', (els) => els.map((e) => Number(e.querySelector('.ln').textContent)));
    for (const line of lines) assert.ok(highlighted.includes(line), `line ${line} not highlighted`);
    const shownText = await page.textContent('#results');
    assert.ok(!/\bnull\b|\bundefined\b|\[object /.test(shownText), 'a value leaked into the page as text');
    await page.screenshot({ path: join(pkg, 'playground/screenshot.png'), fullPage: false });
  });

  await step('a finding links to its rule\'s docs, shown in the page', async () => {
    const first = check(read('fixtures/demo/broken-offer.sdp')).diagnostics[0];
    await page.click(`#findings li.finding .head a.rule-link[data-rule="${first.code}"] >> nth=1`);
    await page.waitForSelector('#docs:not([hidden])');
    const docs = await page.textContent('#docs-body');
    assert.ok(docs.includes(first.rule) && docs.includes('What it does'), docs.slice(0, 200));
    await page.click('#docs-close');
  });

  await step('offer + answer: pair findings and the negotiated table', async () => {
    const offer = read('fixtures/rules/SDP5003/fail_pcma_trunk_answers_freeswitch.offer.sdp');
    const answer = read('fixtures/rules/SDP5003/fail_pcma_trunk_answers_freeswitch.answer.sdp');
    await page.click('[data-mode=pair]');
    await page.fill('#offer', offer);
    await page.fill('#answer', answer);
    await page.click('#check');
    const expected = checkPair(offer, answer);
    await page.waitForSelector('table.negotiated');
    const rows = await page.$$eval('table.negotiated tr', (trs) => trs.length - 1);
    assert.equal(rows, expected.pairs[0].media.length);
    const text = await page.textContent('#findings');
    assert.ok(text.includes('no-common-codec') && text.includes('53404'), text);
    assert.ok(await page.$('#sources h3 + pre .line.hl'), 'no highlighted line in the pair sources');
  });

  await step('a whole log: every SDP found, positions in the log', async () => {
    const log = read('fixtures/logs/sngrep-trace.txt');
    await page.click('[data-mode=log]');
    await page.fill('#text', log);
    await page.click('#check');
    const expected = extract(log, { source: 'input' });
    await page.waitForFunction((n) => document.querySelectorAll('#findings li.finding').length === n, expected.diagnostics.length);
    const summary = await page.textContent('#summary');
    assert.ok(summary.includes(`${expected.summary.sdps} SDP`), summary);
  });

  await step('share: the link restores the state in a new page', async () => {
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    const url = page.url();
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForSelector('body[data-ready=true]');
    assert.equal(await other.inputValue('#text'), await page.inputValue('#text'));
    assert.equal(await other.getAttribute('[data-mode=log]', 'aria-selected'), 'true');
    const n = await page.$$eval('#findings li.finding', (els) => els.length);
    assert.equal(await other.$$eval('#findings li.finding', (els) => els.length), n);
    await other.close();
  });

  await step('share: past the cap, a clear message and no link', async () => {
    const before = page.url();
    // Incompressible text: random hex in SDP lines, ~100 KB.
    let big = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n';
    for (let i = 0; i < 1200; i++) big += `a=x-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}\r\n`;
    await page.click('[data-mode=one]');
    await page.fill('#text', big);
    await page.click('#share');
    await page.waitForSelector('#share-status.too-big');
    const message = await page.textContent('#share-status');
    assert.match(message, /Too big to share as a link: .* capped at 16 KiB/);
    assert.equal(page.url(), before);
  });

  await step('a broken link says so', async () => {
    const other = await context.newPage();
    await other.goto(`${server.url}/#s=not-deflate`);
    await other.waitForSelector('body[data-ready=true]');
    assert.match(await other.textContent('#share-status'), /could not be read/);
    await other.close();
  });

  await step('offline: nothing outside the page was requested, no page errors', async () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`playground: ${passed} steps passed; screenshot in playground/screenshot.png`);
