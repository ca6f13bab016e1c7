// Table tests of the pure diagnostics report (core/diagnostics.ts): masking of the remote party,
// scrubbing of free text (tokens, codes, numbers), the engine, and the report's limits and shape.
import { expect } from '@open-wc/testing';
import { DIAGNOSTICS_LIMITS } from '../../src/elements/core/diagnostics-limits.js';
import { buildDiagnostics, engineOf, maskRemote, scrubText, type DiagnosticsInput } from '../../src/elements/core/diagnostics.js';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJTSzEyMyIsImdyYW50cyI6e319.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('maskRemote', () => {
  const rows: Array<[string, string]> = [
    ['+14155550123', '+•••••••••23'],
    ['+44 20 7946 0958', '+••••••••••58'],
    ['client:alice', 'client:a…'],
    ['client:', 'client:…'],
    ['12', '••'],
    ['', ''],
    ['billing', '•••••••'],
  ];
  for (const [remote, masked] of rows) it(`${JSON.stringify(remote)} → ${JSON.stringify(masked)}`, () => expect(maskRemote(remote)).to.equal(masked));
});

describe('scrubText', () => {
  const rows: Array<[string, string, string]> = [
    ['a token', `token ${JWT} expired`, 'token [token] expired'],
    ['a TOTP code', 'code 123456 is wrong', 'code •••••• is wrong'],
    ['a number', 'call to +14155550123 failed', 'call to +•••••••••23 failed'],
    ['an error code of 5 digits stays masked too (it is in `code`)', 'error 31205', 'error •••••'],
    ['SIDs stay', 'call CA0123456789abcdef0123456789abcdef ended', 'call CA0123456789abcdef0123456789abcdef ended'],
    ['short numbers stay', 'retry 3 of 5 in 200 ms', 'retry 3 of 5 in 200 ms'],
  ];
  for (const [name, text, scrubbed] of rows) it(name, () => expect(scrubText(text)).to.equal(scrubbed));
});

describe('engineOf', () => {
  const rows: Array<[string, string[], string]> = [
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36', [], 'Blink'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', [], 'Gecko'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15', [], 'WebKit'],
    ['anything', ['Chromium', 'Google Chrome'], 'Blink'],
    ['curl/8', [], 'unknown'],
  ];
  for (const [ua, brands, engine] of rows) it(`${engine}: ${ua.slice(0, 40)}`, () => expect(engineOf(ua, brands)).to.equal(engine));
});

describe('buildDiagnostics', () => {
  const base: DiagnosticsInput = {
    now: Date.UTC(2026, 0, 2, 3, 4, 5),
    userAgent: 'Mozilla/5.0 Firefox/128.0',
    sdkVersion: '2.18.5',
    elementVersion: '0.2.0',
    state: 'ready',
    edgeSetting: 'roaming',
    edge: 'ashburn',
    region: 'us1',
    capabilities: { webrtc: true, outputSelection: true, audioWorklet: true, webLocks: true, secureContext: true },
    permissions: { microphone: 'granted', notifications: 'default' },
    noiseSuppression: 'on',
    audioBlocked: false,
    errors: [],
    calls: [],
    preflight: null,
    limits: DIAGNOSTICS_LIMITS,
  };

  it('is version 1 with every section, times as ISO strings', () => {
    const d = buildDiagnostics(base);
    expect(Object.keys(d)).to.deep.equal([
      'version',
      'generatedAt',
      'browser',
      'versions',
      'phone',
      'capabilities',
      'permissions',
      'errors',
      'calls',
      'preflight',
    ]);
    expect(d.version).to.equal(1);
    expect(d.generatedAt).to.equal('2026-01-02T03:04:05.000Z');
    expect(d.browser.engine).to.equal('Gecko');
    expect(d.phone).to.deep.equal({ state: 'ready', edgeSetting: 'roaming', edge: 'ashburn', region: 'us1', noiseSuppression: 'on', audioBlocked: false });
  });

  it('keeps the newest errors, calls and samples only, masked and scrubbed', () => {
    const errors = Array.from({ length: 15 }, (_, i) => ({ at: base.now, code: 31000 + i, message: `e${i} ${JWT}` }));
    const sample = { mos: 4.2, rtt: 20, jitter: 1, packetLoss: 0, level: 'excellent' as const };
    const calls = Array.from({ length: 7 }, (_, i) => ({
      callSid: `CA${String(i).padStart(32, '0')}`,
      direction: 'outgoing' as const,
      remote: '+14155550123',
      startedAt: base.now,
      duration: 10,
      endedAt: base.now,
      samples: Array.from({ length: 12 }, (_, j) => ({ ...sample, at: base.now + j * 1000 })),
      warnings: ['high-rtt'],
    }));
    const d = buildDiagnostics({ ...base, errors, calls });
    expect(d.errors).to.have.length(DIAGNOSTICS_LIMITS.errors);
    expect(d.errors[0]).to.deep.equal({ at: '2026-01-02T03:04:05.000Z', code: 31005, message: 'e5 [token]' });
    expect(d.calls.map((c) => c.callSid.slice(-1))).to.deep.equal(['2', '3', '4', '5', '6']);
    expect(d.calls[0]!.remote).to.equal('+•••••••••23');
    expect(d.calls[0]!.samples).to.have.length(DIAGNOSTICS_LIMITS.samplesPerCall);
    expect(Object.keys(d.calls[0]!.samples[0]!)).to.deep.equal(['at', 'mos', 'rtt', 'jitter', 'packetLoss']);
    expect(JSON.stringify(d)).to.not.contain('eyJ');
  });
});
