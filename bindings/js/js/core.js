// The package's API over the wasm-bindgen glue, shared by the Node and the
// browser entries (node.js, browser.js), which differ only in how they load
// the .wasm file. The glue returns the CLI's `--format json` document as
// text; this file turns inputs into bytes, options into JSON, and the
// document into a plain object with the run's `status`.

const encoder = new TextEncoder();

/** The input as UTF-8 bytes: a string, bytes, or an RTCSessionDescription. */
function bytes(input, what) {
  if (typeof input === 'string') return encoder.encode(input);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  // `pc.localDescription`, `await pc.createOffer()`: {type, sdp}.
  if (input !== null && typeof input === 'object' && typeof input.sdp === 'string') {
    return encoder.encode(input.sdp);
  }
  throw new TypeError(
    `sdpcheck: ${what} must be a string, a Uint8Array, an ArrayBuffer or an object with an \`sdp\` string`,
  );
}

/** Keys handled here rather than in Rust. */
const JS_ONLY = new Set(['denyWarnings']);

/** The options as the JSON text the Rust side reads, or throws on bad options. */
function optionsText(options) {
  if (options === undefined || options === null) return '';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('sdpcheck: options must be an object');
  }
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || JS_ONLY.has(key)) continue;
    // One selector or codec may be given as a string.
    const listKey =
      key === 'select' || key === 'ignore' || key === 'requireCodec' || key === 'target';
    out[key] = listKey && typeof value === 'string' ? [value] : value;
  }
  if (options.denyWarnings !== undefined && typeof options.denyWarnings !== 'boolean') {
    throw new TypeError('sdpcheck: options.denyWarnings must be a boolean');
  }
  return JSON.stringify(out);
}

/** Rust's `JsError` becomes an `Error` with the same message. */
function call(fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error) throw err;
    throw new Error(String(err));
  }
}

/** The document, with `status` as the CLI's exit status would be. */
function result(text, options) {
  const doc = JSON.parse(text);
  const deny = options?.denyWarnings === true;
  const { errors, warnings } = doc.summary;
  doc.status = doc.error ? 2 : errors > 0 || (deny && warnings > 0) ? 1 : 0;
  return doc;
}

/** Builds the public API over the initialised glue module. */
export function makeApi(glue) {
  function check(sdp, options) {
    const opts = optionsText(options);
    return result(call(() => glue.checkJson(bytes(sdp, 'sdp'), opts)), options);
  }
  function checkPair(offer, answer, options) {
    const opts = optionsText(options);
    const [o, a] = [bytes(offer, 'offer'), bytes(answer, 'answer')];
    return result(call(() => glue.checkPairJson(o, a, opts)), options);
  }
  function extract(text, options) {
    const opts = optionsText(options);
    return result(call(() => glue.extractJson(bytes(text, 'text'), opts)), options);
  }
  function explain(topic) {
    if (typeof topic === 'number') topic = String(topic);
    if (typeof topic !== 'string') throw new TypeError('sdpcheck: explain() takes a string');
    const text = glue.explainJson(topic);
    return text === undefined ? null : JSON.parse(text);
  }
  let ruleList;
  function rules() {
    ruleList ??= JSON.parse(glue.rulesJson());
    return ruleList.map((r) => ({ ...r, codes: [...r.codes] }));
  }
  return { check, checkPair, extract, explain, rules };
}
