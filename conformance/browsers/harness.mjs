// Applies SDPs to real browsers and records their verdicts.
//
//   node harness.mjs                 run every fixture, compare with conformance/verdicts/
//   node harness.mjs --update        run every fixture, rewrite conformance/verdicts/
//   node harness.mjs --probes        run conformance/browsers/probes/, rewrite its tables
//   --browser chromium|firefox       only this browser (repeatable; default both)
//   --only TEXT                      only the SDPs whose path contains TEXT (prints, writes nothing)
//
// One browser process and one page run many cases: the page (page.html) pulls
// the cases one by one from a loopback HTTP server run here and posts each
// result back. A case whose page stops answering is recorded as `hang` and
// the browser is restarted. Exit status: 0 when every accept/reject/hang
// verdict matches the checked-in table, 1 when one differs, 2 when the run
// itself failed.

import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const REGENERATE = 'bash conformance/browsers/run.sh --update';
// A page that has not posted a result this long after taking a case is stuck.
// The page times each step out after 5 s itself, and an answer case takes up
// to six steps (createOffer, setLocalDescription, setRemoteDescription, and
// the same again for the stand-in check), so only a frozen page gets here.
const WATCHDOG_MS = 35000;
const FIXTURE_DIRS = ['valid', 'parse', 'rules', 'demo'];
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? 'firefox-esr';

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { update: false, probes: false, browsers: [], only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--update') args.update = true;
    else if (a === '--probes') args.probes = true;
    else if (a === '--browser') args.browsers.push(argv[++i]);
    else if (a === '--only') args.only = argv[++i];
    else fail(`unknown argument ${JSON.stringify(a)} (see the header of harness.mjs)`);
  }
  if (args.browsers.length === 0) args.browsers = ['chromium', 'firefox'];
  for (const b of args.browsers) if (!['chromium', 'firefox'].includes(b)) fail(`unknown browser ${JSON.stringify(b)}`);
  return args;
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.sdp')) out.push(p);
  }
  return out;
}

// Every case: each SDP as a remote offer, each `*.answer.sdp` also as a
// remote answer. Keys are repository-relative paths with `/`.
function collectCases(probes) {
  const files = probes
    ? walk(join(HERE, 'probes'))
    : FIXTURE_DIRS.flatMap((d) => walk(join(ROOT, 'fixtures', d)));
  const cases = [];
  for (const file of files.sort()) {
    const key = relative(ROOT, file).split('\\').join('/');
    const sdp = readFileSync(file).toString('base64');
    cases.push({ id: cases.length, key, mode: 'offer', sdp });
    if (file.endsWith('.answer.sdp')) cases.push({ id: cases.length, key, mode: 'answer', sdp });
  }
  return cases;
}

// The loopback server the page talks to. `results[id]` fills in as the page
// posts; `onStuck` is called when the case in flight outlives the watchdog.
function serve(cases, results) {
  const page = readFileSync(join(HERE, 'page.html'));
  let cursor = 0;
  let since = 0;
  let finished;
  const done = new Promise((resolve) => { finished = resolve; });
  const nextCase = () => {
    while (cursor < cases.length && results[cases[cursor].id]) cursor++;
    since = Date.now();
    if (cursor >= cases.length) { finished(); return { done: true }; }
    const c = cases[cursor];
    return { id: c.id, mode: c.mode, sdp: c.sdp };
  };
  let seen = 0;
  const server = createServer((req, res) => {
    seen = Date.now();
    if (process.env.HARNESS_TRACE) console.error(`${req.method} ${req.url}`);
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const reply = (type, body) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
      if (req.method === 'GET' && req.url === '/') return reply('text/html; charset=utf-8', page);
      if (req.method === 'GET' && req.url === '/next') return reply('application/json', JSON.stringify(nextCase()));
      if (req.method === 'POST' && req.url === '/result') {
        const { id, result } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (cases[id] && !results[id]) results[id] = result;
        return reply('application/json', JSON.stringify(nextCase()));
      }
      if (req.method === 'POST' && req.url === '/fatal') {
        console.error(`page error: ${Buffer.concat(chunks).toString('utf8')}`);
        return reply('text/plain', '');
      }
      res.writeHead(404);
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({
        url,
        done,
        close: () => server.close(),
        // The case in flight and for how long, or null.
        inFlight: () => (cursor < cases.length && since > 0 ? { c: cases[cursor], ms: Date.now() - since } : null),
        resetClock: () => { since = 0; },
        // Milliseconds since the page last made any request.
        idle: () => Date.now() - seen,
        touch: () => { seen = Date.now(); },
      });
    });
  });
}

// Chromium through playwright-core, Debian's binary, a fresh profile.
async function chromiumDriver() {
  const { chromium } = await import('playwright-core');
  let context = null;
  let profile = null;
  const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .match(/(\d+\.\d+\.\d+\.\d+)/)?.[1];
  if (!version) fail(`cannot read the version of ${CHROMIUM}`);
  return {
    name: 'chromium',
    version,
    async start(url) {
      profile = mkdtempSync(join(tmpdir(), 'sdpcheck-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
      });
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(url);
    },
    async stop() {
      if (context) await context.close().catch(() => {});
      context = null;
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Debian's firefox-esr, headless, a fresh profile with prefs that keep it
// from reaching the network or downloading plugins (OpenH264 would change
// the codecs it offers).
async function firefoxDriver() {
  const version = execFileSync(FIREFOX, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .match(/Firefox (\S+)/)?.[1];
  if (!version) fail(`cannot read the version of ${FIREFOX}`);
  let child = null;
  let profile = null;
  const prefs = {
    'app.update.enabled': false,
    'app.normandy.enabled': false,
    'browser.aboutwelcome.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'extensions.update.enabled': false,
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-gmpopenh264.autoupdate': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
  };
  return {
    name: 'firefox',
    version,
    async start(url) {
      profile = mkdtempSync(join(tmpdir(), 'sdpcheck-firefox-'));
      writeFileSync(join(profile, 'user.js'),
        Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
      child = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, url],
        { detached: true, stdio: 'ignore', env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } });
    },
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
        await exited;
      }
      child = null;
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function runBrowser(driver, cases) {
  const results = new Array(cases.length).fill(null);
  const server = await serve(cases, results);
  const started = Date.now();
  let restarts = 0;
  await driver.start(server.url);
  server.touch();
  let busy = false;
  await new Promise((resolve, reject) => {
    const timer = setInterval(async () => {
      if (busy) return;
      const flight = server.inFlight();
      if (!flight && server.idle() > WATCHDOG_MS) {
        // The page never loaded (or never asked for a case): start again.
        if (++restarts > 20) { clearInterval(timer); reject(new Error('more than 20 browser restarts')); return; }
        console.error(`${driver.name}: the page did not load; restarting`);
        busy = true;
        await driver.stop();
        await driver.start(server.url);
        server.touch();
        busy = false;
        return;
      }
      if (!flight || flight.ms < WATCHDOG_MS) return;
      // The page stopped answering during this case: record it, restart.
      results[flight.c.id] = { verdict: 'hang', stage: null, message: null };
      if (flight.c.mode === 'answer') results[flight.c.id].standin = false;
      server.resetClock();
      if (++restarts > 20) { clearInterval(timer); reject(new Error('more than 20 browser restarts')); return; }
      console.error(`${driver.name}: ${flight.c.key} (${flight.c.mode}) hung the page; restarting`);
      busy = true;
      await driver.stop();
      await driver.start(server.url);
      server.touch();
      busy = false;
    }, 1000);
    server.done.then(() => { clearInterval(timer); resolve(); });
  });
  await driver.stop();
  server.close();
  const seconds = (Date.now() - started) / 1000;
  console.error(`${driver.name} ${driver.version}: ${cases.length} cases in ${seconds.toFixed(1)} s`);
  const table = {};
  cases.forEach((c, i) => {
    table[c.key] ??= {};
    table[c.key][c.mode] = results[i];
  });
  return table;
}

// JSON with object keys sorted at every level, two-space indented.
function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable(value[k])]));
  }
  return value;
}

function write(path, doc) {
  writeFileSync(path, `${JSON.stringify(stable(doc), null, 2)}\n`);
}

// Compares a live run with the checked-in table: a changed verdict or a case
// added or removed is a failure, a changed stage/message/version a warning.
function compare(name, table, version, old) {
  const failures = [];
  const warnings = [];
  if (old.version !== version) warnings.push(`version ${old.version} -> ${version}`);
  const keys = new Set([...Object.keys(table), ...Object.keys(old.cases)]);
  for (const key of [...keys].sort()) {
    const now = table[key] ?? {};
    const then = old.cases[key] ?? {};
    for (const mode of new Set([...Object.keys(now), ...Object.keys(then)])) {
      const a = then[mode];
      const b = now[mode];
      if (!a || !b) { failures.push(`${key} (${mode}): ${a ? 'no longer run' : 'not in the table'}`); continue; }
      if (a.verdict !== b.verdict || Boolean(a.standin) !== Boolean(b.standin)) {
        failures.push(`${key} (${mode}): table says ${a.verdict}${a.standin ? ' (stand-in)' : ''}, ${name} ${version} says ${b.verdict}${b.standin ? ' (stand-in)' : ''}${b.message ? `: ${b.message}` : ''}`);
      } else if (a.stage !== b.stage || a.message !== b.message) {
        warnings.push(`${key} (${mode}): message changed: ${JSON.stringify(a.message)} -> ${JSON.stringify(b.message)}`);
      }
    }
  }
  return { failures, warnings };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cases = collectCases(args.probes)
    .filter((c) => !args.only || c.key.includes(args.only))
    .map((c, id) => ({ ...c, id }));
  if (args.only && args.update) fail('--only runs a subset: it cannot --update a table');
  if (cases.length === 0) fail('no SDP files found');
  let failed = false;
  const started = Date.now();
  for (const name of args.browsers) {
    const driver = name === 'chromium' ? await chromiumDriver() : await firefoxDriver();
    const table = await runBrowser(driver, cases);
    const path = args.probes
      ? join(HERE, 'probes', `verdicts-${name}.json`)
      : join(ROOT, 'conformance', 'verdicts', `${name}.json`);
    const doc = {
      stack: name,
      kind: 'browser',
      version: driver.version,
      generated: new Date().toISOString().slice(0, 10),
      command: args.probes ? 'bash conformance/browsers/run.sh --probes' : REGENERATE,
      cases: table,
    };
    if (args.only) {
      console.log(JSON.stringify(stable(table), null, 2));
      continue;
    }
    if (args.update || args.probes) {
      write(path, doc);
      console.error(`wrote ${relative(ROOT, path)}`);
      continue;
    }
    if (!existsSync(path)) fail(`${relative(ROOT, path)} is missing: run ${REGENERATE}`);
    const old = JSON.parse(readFileSync(path, 'utf8'));
    const { failures, warnings } = compare(name, table, driver.version, old);
    for (const w of warnings) console.error(`warning: ${name}: ${w}`);
    if (warnings.length) console.error(`warning: ${name}: ${warnings.length} message/version changes; to record them run ${REGENERATE}`);
    for (const f of failures) console.error(`FAIL: ${name}: ${f}`);
    if (failures.length) {
      console.error(`${name}: ${failures.length} verdicts differ from ${relative(ROOT, path)}: review, then run ${REGENERATE} and commit`);
      failed = true;
    }
  }
  console.error(`browser harness: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => fail(error && error.stack || String(error)));
