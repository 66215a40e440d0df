// The playground: the sdpcheck package (WebAssembly) in a static page.
// Everything runs here; the page's Content-Security-Policy lets nothing be
// sent anywhere. State can be shared through the URL fragment, compressed
// with CompressionStream and capped in size.
import { check, checkPair, explain, extract, rules } from './sdpcheck/js/browser.js';

/** Longest fragment a share link may have, in characters. Browsers take
 * far longer URLs, but chat tools, mail clients and proxies cut or refuse
 * them well before; past this the page says so instead of making a link
 * that breaks. */
export const SHARE_CAP = 16 * 1024;

const $ = (id) => document.getElementById(id);
const state = { mode: 'one' };

// ---- rendering helpers -------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** A tiny Markdown renderer for the rule docs: headings, fenced code,
 * lists, paragraphs, inline code, emphasis. Text only (textContent), so
 * nothing in the docs can become markup. */
function markdown(text) {
  const out = el('div', { class: 'md' });
  const lines = text.split('\n');
  let para = [];
  let list = null;
  const flush = () => {
    if (para.length) out.append(el('p', {}, ...inline(para.join(' '))));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('```')) {
      flush();
      list = null;
      const code = [];
      while (++i < lines.length && !lines[i].trimStart().startsWith('```')) code.push(lines[i]);
      out.append(el('pre', {}, el('code', {}, code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      list = null;
      out.append(el(`h${Math.min(heading[1].length + 2, 6)}`, {}, ...inline(heading[2])));
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      flush();
      if (!list) out.append((list = el('ul')));
      list.append(el('li', {}, ...inline(item[1])));
      continue;
    }
    if (!line.trim()) {
      flush();
      list = null;
      continue;
    }
    if (list && /^\s+/.test(line)) {
      list.lastChild.append(' ', ...inline(line.trim()));
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return out;
}

function inline(text) {
  const parts = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (let m; (m = re.exec(text)); last = re.lastIndex) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(el('code', {}, m[1]));
    else if (m[2] !== undefined) parts.push(el('strong', {}, m[2]));
    else parts.push(el('em', {}, m[3]));
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

// ---- documentation panel ----------------------------------------------

function showDocs(topic) {
  const doc = explain(String(topic));
  const body = $('docs-body');
  body.replaceChildren();
  if (!doc) {
    body.append(el('p', {}, `No rule or field code named “${topic}”.`));
  } else if (doc.topic === 'rule') {
    body.append(
      el('h2', {}, `${doc.name} `, el('span', { class: 'code' }, doc.code)),
      el('p', { class: 'meta' },
        el('span', { class: `sev ${doc.severity}` }, doc.severity), ` · ${doc.kind} rule · profiles: ${doc.profiles} · field codes: `,
        ...(doc.codes.length ? doc.codes.flatMap((c, i) => [i ? ', ' : '', codeLink(c)]) : ['none'])),
      markdown(doc.docs),
    );
  } else {
    body.append(
      el('h2', {}, `${doc.platform} ${doc.code}: ${doc.title}`),
      el('p', {}, doc.meaning),
      el('h3', {}, 'Common causes in the SDP'),
      el('ul', {}, doc.causes.map((c) => el('li', {}, c))),
      el('h3', {}, 'Rules that report it'),
      el('ul', {}, doc.rules.map((r) => el('li', {}, ruleLink(r, `${r} ${explain(r)?.name ?? ''}`)))),
      el('h3', {}, 'How to fix'),
      el('p', {}, doc.fix),
    );
  }
  $('docs').hidden = false;
  $('docs').scrollTop = 0;
}

function showAllRules() {
  const body = $('docs-body');
  body.replaceChildren(
    el('h2', {}, 'Rules'),
    el('table', { class: 'rules' },
      el('tr', {}, el('th', {}, 'code'), el('th', {}, 'name'), el('th', {}, 'severity'), el('th', {}, 'summary')),
      rules().map((r) => el('tr', {},
        el('td', {}, ruleLink(r.code, r.code)), el('td', {}, r.name),
        el('td', {}, el('span', { class: `sev ${r.severity}` }, r.severity)), el('td', {}, r.summary)))),
  );
  $('docs').hidden = false;
}

function ruleLink(code, text) {
  return el('a', { href: `#rule=${code}`, class: 'rule-link', 'data-rule': code, onclick: (e) => { e.preventDefault(); showDocs(code); } }, text);
}

function codeLink(number) {
  return el('a', { href: `#rule=${number}`, class: 'field-code', onclick: (e) => { e.preventDefault(); showDocs(number); } }, String(number));
}

// ---- checking ----------------------------------------------------------

function options() {
  const list = (v) => v.split(/[\s,]+/).filter(Boolean);
  return {
    profile: $('profile').value,
    requireCodec: list($('require').value),
    ignore: list($('ignore').value),
  };
}

/** The texts shown as sources, by `source` name. */
function inputs() {
  if (state.mode === 'pair') return { offer: $('offer').value, answer: $('answer').value };
  return { input: $('text').value };
}

function run() {
  const texts = inputs();
  let result;
  try {
    const opts = options();
    if (state.mode === 'pair') {
      result = checkPair(texts.offer, texts.answer, { ...opts, offerSource: 'offer', answerSource: 'answer' });
    } else if (state.mode === 'log') {
      result = extract(texts.input, { ...opts, source: 'input' });
    } else {
      result = check(texts.input, { ...opts, source: 'input' });
    }
  } catch (err) {
    // Bad options (an unknown rule in Ignore, a bad codec name).
    $('summary').replaceChildren(el('span', { class: 'bad-options' }, err.message));
    $('findings').replaceChildren();
    $('negotiated').replaceChildren();
    $('sources').replaceChildren();
    return;
  }
  render(result, texts);
}

function render(result, texts) {
  const s = result.summary;
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = $('summary');
  if (result.error) {
    summary.replaceChildren(el('span', { class: 'status-2' }, result.error));
  } else {
    const what = `${plural(s.sdps, 'SDP')}${result.pairs.length ? ` and ${plural(result.pairs.length, 'pair')}` : ''} checked`;
    const counts = s.errors + s.warnings + s.advice === 0 ? 'no problems found'
      : `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.advice} advice`;
    summary.replaceChildren(el('span', { class: `status-${result.status}` }, `${what}: ${counts}`),
      ...result.sdps.map((sdp) => el('span', { class: 'profile' }, ` · SDP ${sdp.index + 1}${sdp.role ? ` (${sdp.role})` : ''}: ${sdp.profile_reason}`)));
  }

  // Highlights per source and line: the primary position and every label.
  const marks = new Map();
  const mark = (source, line, severity, id) => {
    const key = `${source}\n${line}`;
    const prev = marks.get(key);
    const rank = { error: 3, warning: 2, advice: 1 };
    if (!prev || rank[severity] > rank[prev.severity]) marks.set(key, { severity, id });
  };

  const list = $('findings');
  list.replaceChildren();
  result.diagnostics.forEach((d, i) => {
    const id = `finding-${i}`;
    mark(d.source, d.line, d.severity, id);
    for (const l of d.labels) mark(result.sdps[l.sdp]?.source ?? d.source, l.line, d.severity, id);
    list.append(el('li', { id, class: `finding ${d.severity}` },
      el('div', { class: 'head' },
        el('span', { class: `sev ${d.severity}` }, d.severity), ' ',
        ruleLink(d.code, d.code), ' ', ruleLink(d.code, d.rule), ' ',
        el('a', { href: `#L-${d.source}-${d.line}`, class: 'where', onclick: (e) => { e.preventDefault(); jump(d.source, d.line); } },
          `${d.source}:${d.line}:${d.column}`)),
      el('div', { class: 'message' }, ...inline(d.message)),
      d.help ? el('div', { class: 'help' }, el('strong', {}, 'help: '), ...inline(d.help)) : null,
      d.labels.length > 1 ? el('ul', { class: 'labels' }, d.labels.map((l) =>
        el('li', {}, `${result.sdps[l.sdp]?.source ?? d.source}:${l.line}:${l.column} `, l.text))) : null,
      el('div', { class: 'codes' }, 'field codes: ', ...(d.codes.length ? d.codes.flatMap((c, j) => [j ? ', ' : '', codeLink(c)]) : ['none']))));
  });

  const neg = $('negotiated');
  neg.replaceChildren();
  for (const p of result.pairs) {
    const o = result.sdps[p.offer];
    const a = result.sdps[p.answer];
    neg.append(el('h3', {}, `Negotiated (${o.source}:${o.line} → ${a.source}:${a.line})`),
      el('table', { class: 'negotiated' },
        el('tr', {}, ['m=', 'kind', 'mid', 'accepted', 'codecs', 'offer dir', 'answer dir', 'transport'].map((h) => el('th', {}, h))),
        p.media.map((m) => el('tr', { class: m.accepted && m.negotiated.length ? '' : 'rejected' },
          el('td', {}, String(m.index)), el('td', {}, m.kind), el('td', {}, m.mid ?? '—'),
          el('td', {}, m.accepted ? 'yes' : 'no'), el('td', {}, m.negotiated.join(', ') || 'none'),
          el('td', {}, m.offer_direction), el('td', {}, m.answer_direction), el('td', {}, m.transport)))));
  }

  const sources = $('sources');
  sources.replaceChildren();
  for (const [name, text] of Object.entries(texts)) {
    if (!text) continue;
    const lines = text.split(/\r?\n/);
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    const shown = lines.slice(0, 5000);
    sources.append(el('h3', {}, name),
      el('pre', { class: 'source' }, shown.map((line, i) => {
        const m = marks.get(`${name}\n${i + 1}`);
        return el('div', { id: `L-${name}-${i + 1}`, class: m ? `line hl ${m.severity}` : 'line' },
          el('span', { class: 'ln' }, String(i + 1)),
          m ? el('a', { href: `#${m.id}`, class: 'text', onclick: (e) => { e.preventDefault(); $(m.id)?.scrollIntoView({ block: 'center' }); } }, line || ' ')
            : el('span', { class: 'text' }, line || ' '));
      })),
      ...(lines.length > shown.length ? [el('p', {}, `(first ${shown.length} of ${lines.length} lines shown)`)] : []));
  }
}

function jump(source, line) {
  const row = $(`L-${source}-${line}`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1200);
}

// ---- modes -------------------------------------------------------------

function setMode(mode) {
  state.mode = mode;
  for (const tab of document.querySelectorAll('[role=tab]')) tab.setAttribute('aria-selected', String(tab.dataset.mode === mode));
  for (const label of document.querySelectorAll('.editors label')) label.hidden = !label.dataset.for.split(' ').includes(mode);
  $('one-label').textContent = mode === 'log' ? 'Log, JSON descriptions or SIP trace' : 'SDP';
}

// ---- sharing through the URL fragment --------------------------------

function b64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(text) {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function snapshot() {
  const o = options();
  return { v: 1, mode: state.mode, ...inputs(), profile: o.profile, require: $('require').value, ignore: $('ignore').value };
}

async function share() {
  const json = new TextEncoder().encode(JSON.stringify(snapshot()));
  const packed = b64url(await pipe(json, new CompressionStream('deflate-raw')));
  const fragment = `s=${packed}`;
  const status = $('share-status');
  if (fragment.length > SHARE_CAP) {
    status.className = 'too-big';
    status.textContent = `Too big to share as a link: the compressed state is ${(fragment.length / 1024).toFixed(1)} KiB, and links are capped at ${SHARE_CAP / 1024} KiB. Trim the input to the SDPs that matter (or share the text itself); the address was not changed.`;
    return false;
  }
  history.replaceState(null, '', `#${fragment}`);
  status.className = 'shared';
  status.textContent = `The address now holds this input (${(fragment.length / 1024).toFixed(1)} KiB, compressed): copy it to share. Nothing was sent anywhere.`;
  try {
    await navigator.clipboard?.writeText(location.href);
    status.textContent += ' Copied to the clipboard.';
  } catch {
    // No clipboard permission (headless, insecure origin): the address bar has it.
  }
  return true;
}

async function restore() {
  const hash = location.hash.slice(1);
  if (hash.startsWith('rule=')) {
    showDocs(decodeURIComponent(hash.slice(5)));
    return;
  }
  if (hash === 'rules') {
    showAllRules();
    return;
  }
  if (!hash.startsWith('s=')) return;
  const status = $('share-status');
  try {
    if (hash.length > SHARE_CAP + 2) throw new Error(`the link is longer than the ${SHARE_CAP / 1024} KiB cap`);
    const json = new TextDecoder().decode(await pipe(unb64url(hash.slice(2)), new DecompressionStream('deflate-raw')));
    const s = JSON.parse(json);
    if (s.v !== 1 || !['one', 'pair', 'log'].includes(s.mode)) throw new Error('unknown format');
    setMode(s.mode);
    $('text').value = typeof s.input === 'string' ? s.input : '';
    $('offer').value = typeof s.offer === 'string' ? s.offer : '';
    $('answer').value = typeof s.answer === 'string' ? s.answer : '';
    $('profile').value = ['auto', 'webrtc', 'sip'].includes(s.profile) ? s.profile : 'auto';
    $('require').value = typeof s.require === 'string' ? s.require : '';
    $('ignore').value = typeof s.ignore === 'string' ? s.ignore : '';
    status.className = 'shared';
    status.textContent = 'Restored from the link.';
  } catch (err) {
    status.className = 'too-big';
    status.textContent = `This link's state could not be read (${err.message}); the page starts empty.`;
  }
}

// ---- wiring ------------------------------------------------------------

for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => { setMode(tab.dataset.mode); run(); });
$('check').addEventListener('click', run);
$('share').addEventListener('click', share);
$('docs-close').addEventListener('click', () => { $('docs').hidden = true; });
$('all-rules').addEventListener('click', (e) => { e.preventDefault(); showAllRules(); });
let timer;
for (const id of ['text', 'offer', 'answer', 'require', 'ignore']) {
  $(id).addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
}
$('profile').addEventListener('change', run);

await restore();
if (inputs().input || inputs().offer) run();
else $('summary').textContent = 'Paste an SDP, an offer and its answer, or a whole log.';
document.body.dataset.ready = 'true';
