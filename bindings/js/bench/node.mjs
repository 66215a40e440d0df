// Node timing of the package on the inputs benches/native.rs times
// natively: `check()` (wasm check + JSON text + JSON.parse) and the glue's
// JSON text alone, per call, after a warm-up. Prints one line per case.
//
//   node bench/node.mjs        (after bash build.sh)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as glue from '../dist/sdpcheck_wasm.js';
import { check, checkPair, extract } from '../js/node.js';

const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const offer = readFileSync(`${root}valid/chrome/audio-video-data.offer.sdp`);
const answer = readFileSync(`${root}valid/chrome/audio-video-data.answer.sdp`);
const log = readFileSync(`${root}logs/browser-console.log`);

function time(name, fn) {
  for (let i = 0; i < 200; i++) fn();
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 2_000_000_000n) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    elapsed = process.hrtime.bigint() - start;
  }
  console.log(`${name.padEnd(36)} ${(Number(elapsed) / runs / 1000).toFixed(1).padStart(8)} us/call (${runs} calls)`);
}

time('check/chrome-offer (wasm, JSON text)', () => glue.checkJson(offer, ''));
time('check/chrome-offer (check())', () => check(offer));
time('check_pair/chrome (checkPair())', () => checkPair(offer, answer));
time('extract/browser-console-log', () => extract(log));
