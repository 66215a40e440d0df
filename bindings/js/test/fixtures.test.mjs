// Every fixture gives the package the CLI's JSON, field by field:
// `extract` against `sdpcheck --format json FILE` for every file under
// fixtures/, `check` against it for each raw SDP, and `checkPair` against
// `--offer/--answer` for every `*.offer.sdp` with its `*.answer.sdp`; each
// with the options of its rule directory's `args` file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { check, checkPair, extract } from '../js/node.js';
import { ROOT, argsFor, cliJson, differences, fixtureFiles, optionsFromArgs } from './cli.mjs';

const files = fixtureFiles().filter((f) => !f.endsWith('/args') && !f.endsWith('.md'));

/** The package's document without its additions (`status`, `error`). */
function cliShape(doc) {
  const { status, error, ...rest } = doc;
  return rest;
}

test('fixtures exist', () => {
  assert.ok(files.length > 400, `only ${files.length} fixtures found`);
});

test('extract() equals `sdpcheck --format json FILE` on every fixture', () => {
  const problems = [];
  for (const file of files) {
    const args = argsFor(file);
    const cli = cliJson([...args, file]);
    const got = extract(readFileSync(join(ROOT, file)), { ...optionsFromArgs(args), source: file });
    const diff = differences(cli.doc, cliShape(got));
    if (got.status !== cli.status) diff.push(`status: CLI exit ${cli.status} != package ${got.status}`);
    if (diff.length) problems.push(`${file}:\n  ${diff.join('\n  ')}`);
  }
  assert.equal(problems.length, 0, `${problems.length} of ${files.length} differ:\n${problems.join('\n')}`);
});

test('check() equals the CLI on every fixture that is one raw SDP', () => {
  const problems = [];
  let compared = 0;
  for (const file of files.filter((f) => f.endsWith('.sdp'))) {
    const args = argsFor(file);
    const cli = cliJson([...args, file]);
    const bytes = readFileSync(join(ROOT, file));
    // A file whose extraction is not the whole file as it stands (two SDPs
    // in a row, a JSON-escaped SDP on one line: `v=0\r\no=...`) is
    // extract()'s business, compared above.
    const firstLine = bytes.toString('latin1').split('\n', 1)[0];
    const escaped = /\\r\\n|\\n[a-z]=/.test(firstLine);
    const whole = !escaped && cli.doc.sdps.length === 1 && cli.doc.sdps[0].line === 1 && cli.doc.sdps[0].role === null;
    if (!whole) continue;
    const got = check(bytes, { ...optionsFromArgs(args), source: file });
    const diff = differences(cli.doc, cliShape(got));
    if (got.status !== cli.status) diff.push(`status: CLI exit ${cli.status} != package ${got.status}`);
    compared++;
    if (diff.length) problems.push(`${file}:\n  ${diff.join('\n  ')}`);
  }
  assert.ok(compared > 450, `only ${compared} raw SDP fixtures compared`);
  assert.equal(problems.length, 0, `${problems.length} of ${compared} differ:\n${problems.join('\n')}`);
});

test('checkPair() equals `sdpcheck --offer A --answer B` on every pair fixture', () => {
  const problems = [];
  const offers = files.filter((f) => f.endsWith('.offer.sdp'));
  for (const offer of offers) {
    const answer = offer.replace(/\.offer\.sdp$/, '.answer.sdp');
    if (!files.includes(answer)) continue;
    const args = argsFor(offer);
    const cli = cliJson([...args, '--offer', offer, '--answer', answer]);
    const got = checkPair(readFileSync(join(ROOT, offer)), readFileSync(join(ROOT, answer)), {
      ...optionsFromArgs(args),
      offerSource: offer,
      answerSource: answer,
    });
    const diff = differences(cli.doc, cliShape(got));
    if (got.status !== cli.status) diff.push(`status: CLI exit ${cli.status} != package ${got.status}`);
    if (diff.length) problems.push(`${offer}:\n  ${diff.join('\n  ')}`);
  }
  assert.ok(offers.length > 20, `only ${offers.length} pair fixtures`);
  assert.equal(problems.length, 0, `${problems.length} of ${offers.length} differ:\n${problems.join('\n')}`);
});
