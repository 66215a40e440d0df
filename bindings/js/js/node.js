// Node entry: reads the .wasm file next to the glue and instantiates it
// synchronously, so `import { check } from 'sdpcheck'` is ready at once.
import { readFileSync } from 'node:fs';
import { initSync } from '../dist/sdpcheck_wasm.js';
import * as glue from '../dist/sdpcheck_wasm.js';
import { makeApi } from './core.js';

initSync({ module: readFileSync(new URL('../dist/sdpcheck_wasm_bg.wasm', import.meta.url)) });

export const { check, checkPair, extract, explain, rules } = makeApi(glue);
