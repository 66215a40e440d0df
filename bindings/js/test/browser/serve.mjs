// A loopback static server for the tests and the playground: maps URL
// prefixes to directories, and takes POSTs to /result (the Firefox page
// reports there, since Playwright cannot drive Debian's Firefox).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serves `mounts` ({'/pkg/': dir, ...}) on 127.0.0.1:port (0: any free
 * port). Resolves to {url, results, close}; `results` yields each POSTed
 * body, parsed. */
export function serve(mounts, port = 0) {
  const waiting = [];
  const posted = [];
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/result') {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.writeHead(204).end();
      const value = JSON.parse(body);
      const next = waiting.shift();
      if (next) next(value);
      else posted.push(value);
      return;
    }
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(mounts).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
    if (!prefix) return res.writeHead(404).end();
    let rel = path.slice(prefix.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const root = resolve(mounts[prefix]);
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        nextResult: () => (posted.length ? Promise.resolve(posted.shift()) : new Promise((r) => waiting.push(r))),
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
      });
    });
  });
}
