// The package's own contract: inputs it takes, errors as values, bad
// options as exceptions, explain() and rules().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { check, checkPair, explain, extract, rules } from '../js/node.js';
import { spawnSync } from 'node:child_process';
import { ROOT, cliPath } from './cli.mjs';

const NO_CONNECTION =
  'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8\r\n';
const chromeOffer = readFileSync(join(ROOT, 'fixtures/valid/chrome/audio-video-data.offer.sdp'), 'utf8');
const chromeAnswer = readFileSync(join(ROOT, 'fixtures/valid/chrome/audio-video-data.answer.sdp'), 'utf8');

test('check() finds a missing c= with its codes and position', () => {
  const r = check(NO_CONNECTION);
  assert.equal(r.status, 1);
  const d = r.diagnostics.find((x) => x.rule === 'missing-connection');
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.equal(d.code, 'SDP2001');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.codes, [32009, 40004]);
  assert.equal(d.line, 5);
  assert.equal(d.column, 1);
  assert.equal(d.source, '<input>');
  assert.equal(typeof d.help, 'string');
  assert.equal(r.summary.sdps, 1);
});

test('a clean Chrome offer is clean, from a string, bytes or a description', () => {
  for (const input of [chromeOffer, new TextEncoder().encode(chromeOffer), { type: 'offer', sdp: chromeOffer }]) {
    const r = check(input);
    assert.equal(r.status, 0, JSON.stringify(r.diagnostics, null, 1));
    assert.equal(r.sdps[0].profile, 'webrtc');
    assert.ok(r.sdps[0].media.length >= 3);
  }
});

test('checkPair() gives the negotiated table', () => {
  const r = checkPair(chromeOffer, chromeAnswer);
  assert.equal(r.pairs.length, 1);
  assert.deepEqual([r.pairs[0].offer, r.pairs[0].answer], [0, 1]);
  assert.deepEqual(r.sdps.map((s) => s.role), ['offer', 'answer']);
  assert.deepEqual(r.sdps.map((s) => s.source), ['<offer>', '<answer>']);
  const audio = r.pairs[0].media.find((m) => m.kind === 'audio');
  assert.ok(audio.accepted);
  assert.ok(audio.negotiated.some((c) => c.startsWith('opus/48000')), JSON.stringify(audio));
});

test('a pair with no codec in common is a 53404 on the answer', () => {
  const offer = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n';
  const answer = 'v=0\r\no=- 2 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 30000 RTP/AVP 8\r\n';
  const r = checkPair(offer, answer);
  const d = r.diagnostics.find((x) => x.rule === 'no-common-codec');
  assert.ok(d);
  assert.ok(d.codes.includes(53404));
  assert.equal(d.sdp, 1);
  assert.equal(r.status, 1);
});

test('extract() finds SDPs in a log, with the log\'s own lines', () => {
  const log = readFileSync(join(ROOT, 'fixtures/logs/browser-console.log'));
  const r = extract(log, { source: 'browser-console.log' });
  assert.ok(r.sdps.length >= 2);
  assert.ok(r.sdps.every((s) => s.source === 'browser-console.log'));
  assert.ok(r.sdps.some((s) => s.line > 1));
});

test('input problems are values: no SDP, binary, empty', () => {
  const none = extract('hello world, nothing here');
  assert.equal(none.status, 2);
  assert.match(none.error, /^no SDP found in <input>: looked for /);
  assert.deepEqual(none.sdps, []);
  const binary = check(new Uint8Array([0, 255, 13, 10, 0xfe, 61, 0]));
  assert.equal(binary.status, 1);
  assert.ok(binary.diagnostics.length > 0);
  const empty = check('');
  assert.equal(typeof empty.status, 'number');
});

test('options: profile, requireCodec, select, ignore, limits, denyWarnings', () => {
  const sip = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n';
  assert.equal(check(sip).status, 0);
  const pcma = check(sip, { requireCodec: 'pcma' });
  assert.ok(pcma.diagnostics.some((d) => d.codes.includes(488)), JSON.stringify(pcma.diagnostics));
  assert.equal(check(sip, { requireCodec: ['pcma'], ignore: ['ALL'] }).diagnostics.length, 0);
  const only = check(NO_CONNECTION, { select: 'SDP2001' });
  assert.deepEqual([...new Set(only.diagnostics.map((d) => d.code))], ['SDP2001']);
  assert.equal(check(sip, { profile: 'webrtc' }).sdps[0].profile, 'webrtc');
  const limited = check(sip, { limits: { maxLines: 3 } });
  assert.ok(limited.diagnostics.some((d) => d.rule === 'limit-exceeded'));
  // A warning alone: status 0, or 1 under denyWarnings (found among the
  // warning rules' fail fixtures).
  let warningOnly = null;
  for (const rule of rules().filter((r) => r.severity === 'warning')) {
    const dir = join(ROOT, 'fixtures/rules', rule.code);
    for (const name of readdirSync(dir).filter((n) => n.startsWith('fail_') && !n.includes('.offer.') && !n.includes('.answer.'))) {
      const text = readFileSync(join(dir, name));
      const r = check(text);
      if (r.summary.errors === 0 && r.summary.warnings > 0) warningOnly ??= text;
    }
  }
  assert.ok(warningOnly, 'no fixture with warnings only');
  assert.equal(check(warningOnly).status, 0);
  assert.equal(check(warningOnly, { denyWarnings: true }).status, 1);
});

test('bad options throw, with the CLI\'s message', () => {
  assert.throws(() => check(NO_CONNECTION, { profile: 'pstn' }), /profile `pstn` is not auto, webrtc or sip/);
  assert.throws(() => check(NO_CONNECTION, { select: ['no-such-rule'] }), /unknown rule selector `no-such-rule`/);
  assert.throws(() => check(NO_CONNECTION, { requireCodec: ['a b'] }), /is not a codec name/);
  assert.throws(() => check(NO_CONNECTION, { profil: 'sip' }), /unknown field `profil`/);
  assert.throws(() => check(NO_CONNECTION, { limits: { maxLines: -1 } }), /bad options/);
  assert.throws(() => check(NO_CONNECTION, { target: ['safari'] }), /unknown stack `safari`/);
  assert.throws(() => check(NO_CONNECTION, { role: 'both' }), /role `both` is not offer or answer/);
  assert.equal(check(NO_CONNECTION, { target: 'chromium', role: 'offer' }).version, 1);
  assert.throws(() => check(NO_CONNECTION, 'webrtc'), TypeError);
  assert.throws(() => check(NO_CONNECTION, { denyWarnings: 'yes' }), TypeError);
  assert.throws(() => check(42), TypeError);
});

test('explain() documents rules and field codes; unknown is null', () => {
  const byName = explain('missing-connection');
  const byCode = explain('sdp2001');
  assert.equal(byName.topic, 'rule');
  assert.equal(byName.code, 'SDP2001');
  assert.deepEqual(byName, byCode);
  assert.match(byName.docs, /## What it does/);
  const field = explain(53404);
  assert.equal(field.topic, 'field-code');
  assert.equal(field.platform, 'Twilio');
  assert.ok(field.rules.includes('SDP4001') || field.rules.length > 0);
  assert.match(explain('32009').meaning, /dictionary/);
  assert.equal(explain('nonsense'), null);
  assert.throws(() => explain({}), TypeError);
});

test('rules() lists every rule, each explainable', () => {
  const list = rules();
  assert.ok(list.length > 30);
  for (const r of list) {
    assert.match(r.code, /^SDP\d{4}$/);
    assert.equal(explain(r.code).name, r.name);
  }
  list[0].codes.push(1);
  assert.notDeepEqual(rules()[0].codes, list[0].codes);
});

test('no SDP: the message and status are the CLI\'s', () => {
  const text = 'GET /health 200 OK\nnothing to see\n';
  const cli = spawnSync(cliPath(), ['--isolated', '--format', 'json', '--stdin-filename', 'app.log'], { input: text });
  assert.equal(cli.status, 2);
  const got = extract(text, { source: 'app.log' });
  assert.equal(got.status, 2);
  assert.equal(`sdpcheck: error: ${got.error}\n`, cli.stderr.toString('utf8'));
  const { status, error, ...doc } = got;
  assert.deepEqual(doc, JSON.parse(cli.stdout.toString('utf8')));
});

test('hostile input: values, never exceptions, within the limits', () => {
  // Past max_sdp_bytes (1 MiB): a limit-exceeded finding.
  const huge = `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n${'a=x\r\n'.repeat(300_000)}`;
  const r = check(huge);
  assert.ok(r.diagnostics.some((d) => d.rule === 'limit-exceeded'));
  assert.ok(r.diagnostics.length <= 1001);
  // Random bytes and mutated SDPs: every call returns a document.
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const base = new TextEncoder().encode(chromeOffer);
  for (let i = 0; i < 300; i++) {
    const bytes = i % 2 ? Uint8Array.from({ length: Math.floor(rand() * 600) }, () => Math.floor(rand() * 256)) : base.slice();
    if (i % 2 === 0) for (let k = 0; k < 20; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
    for (const doc of [check(bytes), extract(bytes), checkPair(base, bytes)]) {
      assert.ok([0, 1, 2].includes(doc.status));
      assert.equal(doc.version, 1);
    }
  }
});
