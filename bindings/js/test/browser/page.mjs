// In a real browser: a real RTCPeerConnection offer is validated with the
// package before setLocalDescription (it must be clean), then munged in a
// known-bad way (every a=fingerprint line removed), which the package must
// report as `missing-fingerprint`; and the browser's own verdict on the
// munged offer is recorded (a second peer's setRemoteDescription).
const results = { userAgent: navigator.userAgent, steps: [] };
const step = (name, ok, detail) => results.steps.push({ name, ok, detail });

async function run() {
  const started = performance.now();
  // run.mjs serves the package under test (this checkout, or the one npm
  // installed from the packed tarball) at /pkg/.
  const { check, checkPair, explain } = await import('/pkg/js/browser.js');
  results.loadMs = performance.now() - started;

  const pc = new RTCPeerConnection();
  pc.addTransceiver('audio');
  pc.addTransceiver('video');
  pc.createDataChannel('chat');
  const offer = await pc.createOffer();
  const clean = check(offer);
  step('fresh offer is clean', clean.status === 0 && clean.diagnostics.length === 0,
    clean.diagnostics.map((d) => `${d.code} ${d.rule}: ${d.message}`));
  step('fresh offer judged as webrtc', clean.sdps[0]?.profile === 'webrtc', clean.sdps[0]?.profile_reason);
  await pc.setLocalDescription(offer);
  step('setLocalDescription accepted the checked offer', pc.signalingState === 'have-local-offer', pc.signalingState);

  // Timing of check() on this browser's own offer.
  const runs = 200;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) check(offer.sdp);
  results.checkMicros = ((performance.now() - t0) * 1000) / runs;
  results.offerBytes = new TextEncoder().encode(offer.sdp).length;

  const munged = offer.sdp.split('\r\n').filter((l) => !l.startsWith('a=fingerprint:')).join('\r\n');
  const bad = check({ type: 'offer', sdp: munged });
  const finding = bad.diagnostics.find((d) => d.rule === 'missing-fingerprint');
  step('munged offer: missing-fingerprint found', bad.status === 1 && !!finding && finding.codes.includes(40004),
    bad.diagnostics.map((d) => `${d.code} ${d.rule} line ${d.line}`));
  step('explain() documents the finding', explain(finding?.code ?? '')?.name === 'missing-fingerprint', null);

  // The browser's verdict on the same munged offer.
  const peer = new RTCPeerConnection();
  try {
    await peer.setRemoteDescription({ type: 'offer', sdp: munged });
    results.browserVerdict = { rejected: false };
  } catch (err) {
    results.browserVerdict = { rejected: true, name: err.name, message: err.message };
  }
  step('the browser refuses the munged offer too', results.browserVerdict.rejected, results.browserVerdict);

  // A real answer from the second peer to the clean offer: the pair is clean.
  const answerer = new RTCPeerConnection();
  await answerer.setRemoteDescription(offer);
  const answer = await answerer.createAnswer();
  const pair = checkPair(offer, answer);
  step('real offer/answer pair is clean', pair.status === 0 && pair.pairs.length === 1,
    pair.diagnostics.map((d) => `${d.code} ${d.rule}`));
  step('negotiated opus', pair.pairs[0]?.media.some((m) => m.negotiated.some((c) => /^opus\//i.test(c))),
    pair.pairs[0]?.media.map((m) => m.negotiated));
  for (const p of [pc, peer, answerer]) p.close();
}

run()
  .catch((err) => step('no exception', false, String(err?.stack ?? err)))
  .finally(async () => {
    results.ok = results.steps.length > 0 && results.steps.every((s) => s.ok);
    document.getElementById('out').textContent = JSON.stringify(results, null, 2);
    window.__result = results;
    // Playwright reads window.__result; a browser it cannot drive (Debian's
    // Firefox) is opened with ?post=1 and reports here.
    if (new URLSearchParams(location.search).has('post')) {
      await fetch('/result', { method: 'POST', body: JSON.stringify(results) });
    }
  });
