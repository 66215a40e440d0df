// The package as users get it: `npm pack`, then `npm install` of the
// tarball in a fresh directory (no network: the package has no runtime
// dependencies), then use from Node (the `node` export, by package name)
// and, unless --no-browsers, from a page in Chromium and Firefox (the
// browser test run against the installed copy).
//
//   node test/pack.mjs [--no-browsers]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sdpcheck-pack-'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], pkg))[0];
  const files = packed.files.map((f) => f.path).sort();
  console.log(`packed ${packed.filename}: ${packed.size} bytes, ${files.length} files: ${files.join(', ')}`);
  for (const f of ['dist/sdpcheck_wasm_bg.wasm', 'dist/sdpcheck_wasm.js', 'js/node.js', 'js/browser.js', 'js/core.js', 'index.d.ts', 'package.json', 'README.md', 'LICENSE']) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('playground/')), 'tarball carries test or source files');

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, packed.filename)], app);
  writeFileSync(join(app, 'use.mjs'), `
import { check, checkPair, extract, explain } from 'sdpcheck';
const bad = 'v=0\\r\\no=- 1 1 IN IP4 192.0.2.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 49170 RTP/AVP 0\\r\\n';
const r = check(bad, { source: 'bad.sdp' });
const d = r.diagnostics.find((x) => x.rule === 'missing-connection');
if (!d || r.status !== 1 || d.source !== 'bad.sdp' || d.line !== 5) throw new Error(JSON.stringify(r));
if (extract('nothing').status !== 2) throw new Error('no-SDP status');
if (explain('SDP2001').name !== 'missing-connection') throw new Error('explain');
const ok = 'v=0\\r\\no=- 1 1 IN IP4 192.0.2.1\\r\\ns=-\\r\\nc=IN IP4 192.0.2.1\\r\\nt=0 0\\r\\nm=audio 49170 RTP/AVP 0\\r\\n';
if (checkPair(ok, ok).pairs[0].media[0].negotiated[0] !== 'PCMU/8000') throw new Error('pair');
console.log('installed package works from Node:', d.code, d.rule, d.codes.join(','));
`);
  process.stdout.write(run('node', ['use.mjs'], app));
  if (!process.argv.includes('--no-browsers')) {
    const installed = join(app, 'node_modules', 'sdpcheck');
    console.log(`installed files: ${readdirSync(installed).join(', ')}`);
    process.stdout.write(run('node', [join(pkg, 'test/browser/run.mjs'), '--package', installed], pkg));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
