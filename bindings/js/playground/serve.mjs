// `npm run playground`: serves the built playground (playground/dist, made
// by `bash build.sh --playground`) on http://127.0.0.1:8080/ (PORT to
// change). Any static server works; this one needs nothing but Node.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../test/browser/serve.mjs';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
if (!existsSync(`${dist}index.html`)) {
  console.error('playground/dist is missing: run `bash build.sh --playground` first');
  process.exit(1);
}
const server = await serve({ '/': dist }, Number(process.env.PORT ?? 8080));
console.log(`sdpcheck playground: ${server.url}/  (Ctrl-C to stop)`);
