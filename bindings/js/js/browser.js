// Browser entry: fetches the .wasm file next to the glue (top-level await),
// so the functions are ready once the import resolves. No bundler needed:
// import it by URL or through an import map.
import init from '../dist/sdpcheck_wasm.js';
import * as glue from '../dist/sdpcheck_wasm.js';
import { makeApi } from './core.js';

await init({ module_or_path: new URL('../dist/sdpcheck_wasm_bg.wasm', import.meta.url) });

export const { check, checkPair, extract, explain, rules } = makeApi(glue);
