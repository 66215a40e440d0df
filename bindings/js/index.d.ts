// Types of the `sdpcheck` package: the document every check returns is the
// CLI's `sdpcheck --format json` document (CONTRACT.md), field for field,
// plus `status` (and `error` when an input held no SDP).

/** What a check accepts: SDP text, its UTF-8 bytes, or an
 * RTCSessionDescription-like `{ type, sdp }` (`pc.localDescription`). */
export type Input = string | Uint8Array | ArrayBuffer | ArrayBufferView | { sdp: string; type?: string };

/** A rule selector: `ALL`, a rule name (`missing-connection`), a code
 * (`SDP2001`) or a code prefix (`SDP2`). */
export type Selector = string;

/** Size and count limits (the CLI's `--max-*` flags); unset ones keep the
 * library's defaults. A breach is a `limit-exceeded` finding. */
export interface Limits {
  /** Largest description, bytes (default 1 MiB). */
  maxSdpBytes?: number;
  /** Longest line, bytes (default 64 KiB). */
  maxLineBytes?: number;
  /** Most lines in one description (default 100,000). */
  maxLines?: number;
  /** Most media sections (default 1,024). */
  maxMedia?: number;
  /** Most formats on one `m=` line (default 1,024). */
  maxFormats?: number;
  /** Most `a=candidate` lines per section (default 4,096). */
  maxCandidates?: number;
  /** Most findings per description (default 1,000). */
  maxFindings?: number;
}

/** Options, as the CLI's flags. An unknown key, profile, codec or selector
 * throws an `Error`: bad options are the only exceptions. */
export interface Options {
  /** `--profile`: decided per description by default. */
  profile?: 'auto' | 'webrtc' | 'sip';
  /** `--require-codec`: codecs every audio section must offer, the first
   * preferred (`pcma`, `pcmu`, `g722`, `g729`, `opus`, or any name). */
  requireCodec?: string | string[];
  /** `--select`: the rules to run (default: all). */
  select?: Selector | Selector[];
  /** `--ignore`: the rules to skip (the more specific selector wins). */
  ignore?: Selector | Selector[];
  /** `--max-*`. */
  limits?: Limits;
  /** `--deny-warnings`: a warning makes `status` 1. */
  denyWarnings?: boolean;
  /** The input's name in `source` fields (default `<input>`). */
  source?: string;
  /** `--target`: the real stacks whose refusals make an error (default:
   * every browser under WebRTC, every SIP stack under SIP). */
  target?: Stack | Stack[];
  /** `--role`: a single description known to be an offer or an answer. */
  role?: 'offer' | 'answer';
}

/** A real stack the conformance harnesses run. */
export type Stack = 'chromium' | 'firefox' | 'pjsip' | 'baresip';

/** Options of `checkPair`: also the names of the two sides. */
export interface PairOptions extends Options {
  /** The offer's name in `source` fields (default `<offer>`). */
  offerSource?: string;
  /** The answer's name in `source` fields (default `<answer>`). */
  answerSource?: string;
}

export type Severity = 'error' | 'warning' | 'advice';

/** One media section of a description. */
export interface Media {
  kind: string;
  port: number;
  protocol: string;
  mid: string | null;
  /** `opus/48000/2`, `PCMU/8000`. */
  codecs: string[];
  /** The `m=` line's formats, as written. */
  formats: string[];
}

/** One description checked. */
export interface Sdp {
  /** What `diagnostics[].sdp`, `pairs[].offer` and `pairs[].answer` refer to. */
  index: number;
  source: string;
  /** 1-based line of its first byte in the input. */
  line: number;
  role: 'offer' | 'answer' | null;
  profile: 'webrtc' | 'sip';
  /** Why that profile: `webrtc (detected: a=fingerprint on line 9)`. */
  profile_reason: string;
  media: Media[];
}

/** What one m= line of a pair negotiated. */
export interface Negotiated {
  index: number;
  kind: string;
  mid: string | null;
  accepted: boolean;
  negotiated: string[];
  offer_direction: string;
  answer_direction: string;
  transport: string;
}

export interface Pair {
  offer: number;
  answer: number;
  media: Negotiated[];
}

/** A position in the input: 1-based line, column in characters, byte
 * offset and length. */
export interface Position {
  line: number;
  column: number;
  offset: number;
  length: number;
}

export interface Label extends Position {
  text: string;
  /** The description it points into (the offer, for a pair's offer-side label). */
  sdp: number;
}

/** One finding. */
export interface Diagnostic extends Position {
  /** Rule name, `missing-connection`. */
  rule: string;
  /** Rule code, `SDP2001`. */
  code: string;
  severity: Severity;
  /** Field error codes: Twilio 32009/53404, SIP 488, Telnyx 40004, ... */
  codes: number[];
  message: string;
  help: string | null;
  /** The description it is reported on. */
  sdp: number;
  source: string;
  labels: Label[];
}

export interface Summary {
  sdps: number;
  errors: number;
  warnings: number;
  advice: number;
}

/** The CLI's `--format json` document, plus `status`. */
export interface Result {
  version: 1;
  sdps: Sdp[];
  pairs: Pair[];
  diagnostics: Diagnostic[];
  summary: Summary;
  /** The CLI's exit status: 0 clean, 1 an error (or a warning under
   * `denyWarnings`), 2 no SDP found in the input (`extract` only). */
  status: 0 | 1 | 2;
  /** Why `status` is 2. */
  error?: string;
}

/** Checks one description (`sdpcheck --format json FILE` on a raw SDP). */
export function check(sdp: Input, options?: Options): Result;

/** Checks an offer and its answer, each alone and together
 * (`sdpcheck --format json --offer A --answer B`). */
export function checkPair(offer: Input, answer: Input, options?: PairOptions): Result;

/** Finds and checks every SDP in any text: a log, JSON descriptions, a
 * webrtc-internals dump, a SIP trace (`sdpcheck --format json FILE`). */
export function extract(text: Input, options?: Options): Result;

/** One rule, as `sdpcheck rules --format json` lists it. */
export interface RuleInfo {
  code: string;
  name: string;
  severity: Severity;
  kind: 'syntax' | 'session' | 'pair';
  profiles: string;
  codes: number[];
  summary: string;
}

export interface RuleExplanation extends RuleInfo {
  topic: 'rule';
  /** The rule's documentation, Markdown. */
  docs: string;
}

export interface FieldCodeExplanation {
  topic: 'field-code';
  code: number;
  platform: string;
  title: string;
  meaning: string;
  causes: string[];
  fix: string;
  /** Codes of the rules that report it. */
  rules: string[];
}

/** The documentation of a rule (name or code) or a field code (`53404`),
 * as `sdpcheck explain` prints it; `null` for an unknown topic. */
export function explain(topic: string | number): RuleExplanation | FieldCodeExplanation | null;

/** Every rule. */
export function rules(): RuleInfo[];
