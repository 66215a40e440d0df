// A usage sample that `tsc -p test/types` checks against index.d.ts (the
// package imported by its own name, through its `exports` map). The
// `@ts-expect-error` lines must stay errors: they prove the types refuse
// misuse rather than accept anything.
import { check, checkPair, explain, extract, rules } from 'sdpcheck';
import type { Diagnostic, Options, Result } from 'sdpcheck';

declare const pc: { localDescription: { type: 'offer'; sdp: string } };

const options: Options = {
  profile: 'webrtc',
  requireCodec: ['opus'],
  select: 'ALL',
  ignore: ['SDP5'],
  limits: { maxSdpBytes: 1 << 20, maxFindings: 100 },
  denyWarnings: true,
  source: 'offer.sdp',
};

const result: Result = check(pc.localDescription, options);
if (result.status !== 0) {
  for (const d of result.diagnostics) {
    const where: string = `${d.source}:${d.line}:${d.column}`;
    const codes: number[] = d.codes;
    const help: string | null = d.help;
    console.log(where, d.code, d.rule, d.severity, d.message, codes, help, d.offset, d.length);
    for (const label of d.labels) console.log(label.text, label.sdp, label.line);
  }
}

const pair = checkPair('v=0\r\n', new Uint8Array([118, 61, 48]), { offerSource: 'a', answerSource: 'b' });
for (const m of pair.pairs[0]?.media ?? []) {
  const negotiated: string[] = m.negotiated;
  console.log(m.mid, m.accepted, negotiated, m.offer_direction, m.answer_direction);
}
const sdp = pair.sdps[0];
if (sdp) console.log(sdp.profile, sdp.profile_reason, sdp.role, sdp.media[0]?.codecs);

const log = extract(new ArrayBuffer(0));
if (log.status === 2) console.log(log.error?.toUpperCase());

const doc = explain('missing-connection');
if (doc?.topic === 'rule') console.log(doc.docs, doc.codes);
else if (doc?.topic === 'field-code') console.log(doc.title, doc.rules);

const names: string[] = rules().map((r) => r.name);
const first: Diagnostic | undefined = result.diagnostics[0];
console.log(names, first?.severity === 'advice');

// @ts-expect-error: not a profile.
check('', { profile: 'pstn' });
// @ts-expect-error: limits are numbers.
check('', { limits: { maxLines: '10' } });
// @ts-expect-error: a number is not an input.
check(42);
// @ts-expect-error: severity is one of three.
const wrong: Diagnostic['severity'] = 'fatal';
console.log(wrong);
