// The native CLI, for comparisons: SDPCHECK_BIN, or the release or debug
// build under CARGO_TARGET_DIR (or the repository's target/).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function cliPath() {
  if (process.env.SDPCHECK_BIN) return process.env.SDPCHECK_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  for (const profile of ['release', 'debug']) {
    const bin = join(target, profile, 'sdpcheck');
    if (existsSync(bin)) return bin;
  }
  throw new Error('no sdpcheck binary: build it (cargo build --release) or set SDPCHECK_BIN');
}

/** `sdpcheck --isolated --format json ARGS...` from the repository root:
 * the parsed document and the exit status. */
export function cliJson(args) {
  const run = spawnSync(cliPath(), ['--isolated', '--format', 'json', ...args], {
    cwd: ROOT,
    maxBuffer: 256 << 20,
  });
  if (run.error) throw run.error;
  return { doc: JSON.parse(run.stdout.toString('utf8')), status: run.status, stderr: run.stderr.toString('utf8') };
}

/** Every file under fixtures/, relative to the root, sorted. */
export function fixtureFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, 'fixtures'));
  return out;
}

/** The flags of `fixtures/rules/<CODE>/args` next to `file`, as
 * tests/it/rules.rs reads them; [] when there is none. */
export function argsFor(file) {
  const args = join(ROOT, file, '..', 'args');
  if (!existsSync(args)) return [];
  return readFileSync(args, 'utf8').split(/\s+/).filter(Boolean);
}

/** The same flags as package options. */
export function optionsFromArgs(args) {
  const options = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--profile') options.profile = value;
    else if (flag === '--require-codec') (options.requireCodec ??= []).push(value);
    else if (flag === '--select') (options.select ??= []).push(value);
    else if (flag === '--target') (options.target ??= []).push(value);
    else if (flag === '--role') options.role = value;
    else throw new Error(`unknown flag in args: ${flag}`);
  }
  return options;
}

/** Paths where two values differ, field by field ([] when equal). */
export function differences(expected, actual, path = '$', out = []) {
  if (out.length > 20) return out;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) {
      out.push(`${path}: ${JSON.stringify(expected)} != ${JSON.stringify(actual)}`);
      return out;
    }
    if (expected.length !== actual.length) out.push(`${path}.length: ${expected.length} != ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) differences(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      if (!(key in actual)) out.push(`${path}.${key}: missing from the package's result`);
      else if (!(key in expected)) out.push(`${path}.${key}: not in the CLI's JSON`);
      else differences(expected[key], actual[key], `${path}.${key}`, out);
    }
    return out;
  }
  if (!Object.is(expected, actual)) out.push(`${path}: CLI ${JSON.stringify(expected)} != package ${JSON.stringify(actual)}`);
  return out;
}

export { execFileSync };
