// Table tests of the pure call quality and pre-call test logic: MOS levels
// (twilio-phone.quality.test.ts also checks them against the SDK's own mapping), sample rounding,
// pacing, warning hints, the preflight report, failure reasons and the
// preflight state machine.
import { expect } from '@open-wc/testing';
import { QUALITY_LEVELS, emitDelay, hintWarning, qualityBars, qualityFromSample, qualityLevel, reduceWarnings } from '../../src/elements/core/call-quality.js';
import { classifyMicrophoneError, classifyPreflightError, toPreflightReport } from '../../src/elements/core/preflight-report.js';
import { INITIAL_PREFLIGHT, reducePreflight, type PreflightInput, type PreflightSnapshot } from '../../src/elements/core/preflight-machine.js';
import { FAILURE_STRING, PREFLIGHT_STRINGS, formatFigures, warningString } from '../../src/elements/core/quality-labels.js';

describe('qualityLevel (MOS → level)', () => {
  const rows: Array<[unknown, string | null]> = [
    [4.5, 'excellent'],
    [4.21, 'excellent'],
    [4.2, 'great'],
    [4.1, 'great'],
    [4.05, 'good'], // the SDK's gap between great and good: it says degraded
    [4.0, 'good'],
    [3.7, 'good'],
    [3.65, 'fair'], // gap in the SDK as well
    [3.6, 'fair'],
    [3.1, 'fair'],
    [3.05, 'degraded'],
    [2.2, 'degraded'],
    [1, 'degraded'],
    [0, null],
    [-1, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [null, null],
    [undefined, null],
    ['4.4', null],
  ];
  for (const [mos, level] of rows) it(`${String(mos)} → ${level}`, () => expect(qualityLevel(mos)).to.equal(level));

  it('bars: 5 for excellent down to 1 for degraded, 0 while measuring', () => {
    expect(QUALITY_LEVELS.map(qualityBars)).to.deep.equal([5, 4, 3, 2, 1]);
    expect(qualityBars(null)).to.equal(0);
  });
});

describe('qualityFromSample', () => {
  const rows: Array<[string, unknown, ReturnType<typeof qualityFromSample>]> = [
    ['a clean second', { mos: 4.43030661, rtt: 3.4, jitter: 2, packetsLostFraction: 0 }, { mos: 4.43, rtt: 3, jitter: 2, packetLoss: 0, level: 'excellent' }],
    ['10 % loss', { mos: 3.5712, rtt: 12.756, jitter: 21.5, packetsLostFraction: 9.8039 }, { mos: 3.57, rtt: 13, jitter: 22, packetLoss: 9.8, level: 'fair' }],
    ['the first sample (no MOS yet)', { mos: null, rtt: 2, jitter: 2, packetsLostFraction: 0 }, { mos: null, rtt: 2, jitter: 2, packetLoss: 0, level: null }],
    ['junk', { mos: 'x', rtt: -4, jitter: Number.NaN }, { mos: null, rtt: null, jitter: null, packetLoss: null, level: null }],
    ['not an object', undefined, { mos: null, rtt: null, jitter: null, packetLoss: null, level: null }],
  ];
  for (const [name, sample, expected] of rows) it(name, () => expect(qualityFromSample(sample)).to.deep.equal(expected));
});

describe('emitDelay (at most one measurement a second, the latest never dropped)', () => {
  const rows: Array<[number | null, number, number]> = [
    [null, 5000, 0],
    [1000, 2000, 0],
    [1000, 2500, 0],
    [1000, 1990, 10],
    [1000, 1000, 1000],
    [1000, 1400, 600],
  ];
  for (const [last, now, wait] of rows) it(`last ${last}, now ${now} → wait ${wait}`, () => expect(emitDelay(last, now)).to.equal(wait));
});

describe('quality warnings → hint', () => {
  it('raise and clear in any order; clearing an unknown name changes nothing', () => {
    let active: string[] = [];
    active = reduceWarnings(active, { name: 'high-rtt', cleared: false });
    active = reduceWarnings(active, { name: 'high-packet-loss', cleared: false });
    active = reduceWarnings(active, { name: 'high-rtt', cleared: false }); // raised twice: once in the list
    expect(active).to.deep.equal(['high-packet-loss', 'high-rtt']);
    active = reduceWarnings(active, { name: 'low-mos', cleared: true });
    expect(active).to.deep.equal(['high-packet-loss', 'high-rtt']);
    active = reduceWarnings(active, { name: 'high-packet-loss', cleared: true });
    expect(active).to.deep.equal(['high-rtt']);
  });
  const rows: Array<[string[], string | null]> = [
    [[], null],
    [['high-rtt'], 'high-rtt'],
    [['high-rtt', 'high-packet-loss'], 'high-packet-loss'],
    [['constant-audio-input-level', 'high-jitter'], 'high-jitter'],
    [['high-jitter', 'ice-connectivity-lost'], 'ice-connectivity-lost'],
    [['some-future-warning'], 'some-future-warning'],
    [['some-future-warning', 'low-mos'], 'low-mos'],
  ];
  for (const [active, shown] of rows) it(`${JSON.stringify(active)} shows ${shown}`, () => expect(hintWarning(active)).to.equal(shown));
  it('every known warning has its own string; unknown ones the generic one', () => {
    expect(warningString('high-packet-loss')).to.equal('warningPacketLoss');
    expect(warningString('constant-audio-input-level')).to.equal('warningNoInput');
    expect(warningString('toString')).to.equal('warningOther');
    expect(warningString('brand-new')).to.equal('warningOther');
  });
});

describe('toPreflightReport', () => {
  // The shape of a real PreflightTest report (SDK 2.18.5), trimmed.
  const sdkReport = {
    callSid: 'CA' + '1'.repeat(32),
    edge: 'ashburn',
    selectedEdge: 'roaming',
    iceCandidateStats: [{ candidateType: 'host' }],
    networkTiming: {
      signaling: { start: 100 },
      ice: { start: 110, end: 140, duration: 30 },
      peerConnection: { start: 105, end: 150, duration: 45, junk: 'x' },
    },
    samples: [{}, {}],
    stats: { mos: { average: 4.4276, max: 4.43, min: 4.41 }, rtt: { average: 5.21, max: 12, min: 2 }, jitter: { average: 3.7, max: 15, min: 2 } },
    testTiming: { start: 100, end: 10_350, duration: 10_250 },
    totals: { packetsLostFraction: 0.0412, packetsReceived: 480 },
    warnings: [
      { name: 'constant-audio-input-level', description: 'x', rtcWarning: { samples: [] } },
      { name: 'high-rtt', description: 'y' },
      { name: 'high-rtt', description: 'y' },
    ],
  };
  it('a real report: averages rounded, level, edge, warning names once, timings as plain numbers', () => {
    expect(toPreflightReport(sdkReport)).to.deep.equal({
      callQuality: 'excellent',
      mos: 4.43,
      rtt: 5,
      jitter: 4,
      packetLoss: 0,
      edge: 'ashburn',
      warnings: ['constant-audio-input-level', 'high-rtt'],
      networkTiming: { signaling: { start: 100 }, ice: { start: 110, end: 140, duration: 30 }, peerConnection: { start: 105, end: 150, duration: 45 } },
      duration: 10_250,
    });
  });
  it('no samples: no quality and no loss (the SDK says 100 % of 0 packets)', () => {
    const r = toPreflightReport({ ...sdkReport, stats: undefined, totals: { packetsLostFraction: 100 } });
    expect([r.callQuality, r.mos, r.rtt, r.jitter, r.packetLoss]).to.deep.equal([null, null, null, null, null]);
  });
  it('no audio packet arrived: nothing was measured, though the SDK computes an "excellent" MOS from rtt and jitter', () => {
    const r = toPreflightReport({
      ...sdkReport,
      stats: { mos: { average: 4.43 }, rtt: { average: 12 }, jitter: { average: 0 } },
      totals: { packetsReceived: 0, packetsLostFraction: 100 },
    });
    expect([r.callQuality, r.mos, r.rtt, r.jitter, r.packetLoss]).to.deep.equal([null, null, null, null, null]);
  });
  it('junk never throws', () => {
    for (const junk of [null, undefined, 42, 'report', [], { stats: 'x', warnings: 'y', networkTiming: 5, edge: 7 }]) {
      const r = toPreflightReport(junk);
      expect(r.callQuality).to.equal(null);
      expect(r.warnings).to.deep.equal([]);
      expect(r.edge).to.equal(null);
    }
  });
});

describe('classifyPreflightError', () => {
  const rows: Array<[string, unknown, string, number | undefined]> = [
    [
      'wrong secret (20101 around 31204)',
      { code: 20101, message: 'AccessTokenInvalid', originalError: { code: 31204, message: 'JWT is invalid' } },
      'bad-credentials',
      20101,
    ],
    ['signature (31202, precise)', { code: 31202, message: 'Signature validation failed' }, 'bad-credentials', 31202],
    ['expired token (20104)', { code: 20104, message: 'AccessTokenExpired' }, 'bad-credentials', 20104],
    ['signaling timeout (53000, the SDK preflight watchdog)', { code: 53000, message: 'WebSocket Connection Timeout' }, 'signaling-unreachable', 53000],
    ['socket error (31005)', { code: 31005, message: 'Error sent from gateway in HANGUP' }, 'signaling-unreachable', 31005],
    [
      'socket refused (31000 around ConnectionDisconnected 53001)',
      {
        code: 31000,
        message: 'UnknownError',
        originalError: {
          code: 31000,
          message: 'WSTransport socket error',
          twilioError: { code: 53001, message: 'Raised when the connection is disconnected' },
        },
      },
      'signaling-unreachable',
      53001,
    ],
    ['a generic 31000 without a transport cause', { code: 31000, message: 'UnknownError', originalError: { code: 31000, message: 'x' } }, 'failed', 31000],
    ['stopped (31008)', { code: 31008, message: 'Call cancelled' }, 'cancelled', 31008],
    ['mic denied (31401)', { code: 31401, message: 'UserMediaError' }, 'microphone-denied', 31401],
    ['mic failed (31402)', { code: 31402, message: 'AcquisitionFailed' }, 'no-microphone', 31402],
    ['something else', { code: 31000, message: 'General error' }, 'failed', 31000],
    ['nothing', null, 'failed', undefined],
  ];
  for (const [name, error, reason, code] of rows) {
    it(`${name} → ${reason}`, () => {
      const f = classifyPreflightError(error);
      expect(f.reason).to.equal(reason);
      expect(f.error.code).to.equal(code);
      expect(f.error.message).to.be.a('string').and.not.equal('');
    });
  }
  const dom: Array<[string, string]> = [
    ['NotAllowedError', 'microphone-denied'],
    ['SecurityError', 'microphone-denied'],
    ['NotFoundError', 'no-microphone'],
    ['NotReadableError', 'no-microphone'],
    ['OverconstrainedError', 'no-microphone'],
  ];
  for (const [name, reason] of dom) {
    it(`getUserMedia ${name} → ${reason}, without the DOMException's legacy numeric code`, () => {
      const f = classifyPreflightError(new DOMException('Requested device not found', name));
      expect(f.reason).to.equal(reason);
      expect(f.error.code).to.equal(undefined);
      expect(f.error.message).to.contain(name);
    });
  }
  it('other DOMExceptions are not microphone problems', () => expect(classifyMicrophoneError(new DOMException('x', 'InvalidStateError'))).to.equal(null));
  it('every failure but cancelled has a readable string', () => {
    for (const key of Object.values(FAILURE_STRING)) expect(PREFLIGHT_STRINGS[key]).to.be.a('string').and.not.equal('');
  });
});

describe('reducePreflight', () => {
  const report = toPreflightReport({
    stats: { mos: { average: 4.4 }, rtt: { average: 5 }, jitter: { average: 2 } },
    totals: { packetsLostFraction: 0, packetsReceived: 250 },
  });
  const silent = toPreflightReport({});
  const failure = { reason: 'signaling-unreachable' as const, error: { code: 53000, message: 'WebSocket Connection Timeout' } };
  const s = (state: PreflightSnapshot['state'], extra: Partial<PreflightSnapshot> = {}): PreflightSnapshot => ({ ...INITIAL_PREFLIGHT, state, ...extra });
  const rows: Array<[string, PreflightSnapshot, PreflightInput, string, string | null]> = [
    ['start from idle', s('idle'), { type: 'start' }, 'connecting', null],
    ['start again after a report', s('completed', { report }), { type: 'start' }, 'connecting', null],
    ['start while running changes nothing', s('measuring'), { type: 'start' }, 'measuring', null],
    ['connected', s('connecting'), { type: 'connected' }, 'measuring', null],
    ['connected late (already failed) is ignored', s('failed', { failure }), { type: 'connected' }, 'failed', null],
    ['completed with a MOS', s('measuring'), { type: 'completed', report }, 'completed', 'report'],
    ['completed without audio', s('measuring'), { type: 'completed', report: silent }, 'failed', 'no-media'],
    ['completed after a cancel is ignored', s('idle'), { type: 'completed', report }, 'idle', null],
    ['failed while connecting', s('connecting'), { type: 'failed', failure }, 'failed', 'signaling-unreachable'],
    ['failed twice: the first wins', s('failed', { failure }), { type: 'failed', failure: { reason: 'timeout', error: { message: 't' } } }, 'failed', null],
    ['cancel while measuring', s('measuring'), { type: 'cancel' }, 'idle', 'cancelled'],
    ['cancel when idle', s('completed', { report }), { type: 'cancel' }, 'completed', null],
  ];
  for (const [name, from, input, state, outcome] of rows) {
    it(name, () => {
      const t = reducePreflight(from, input);
      expect(t.snapshot.state).to.equal(state);
      const got = !t.outcome ? null : 'report' in t.outcome ? 'report' : t.outcome.failure.reason;
      expect(got).to.equal(outcome);
      if (state === 'completed') expect(t.snapshot.report).to.equal(report);
      if (state === 'connecting') expect([t.snapshot.report, t.snapshot.failure]).to.deep.equal([null, null]);
    });
  }
});

describe('formatFigures', () => {
  it('fills the template with locale numbers and a dash for a missing figure', () => {
    const t = PREFLIGHT_STRINGS.preflightFigures;
    expect(formatFigures(t, { mos: 4.4276, rtt: 5, jitter: 2, loss: 0 }, 'en')).to.equal('MOS 4.43 · round trip 5 ms · jitter 2 ms · loss 0 %');
    expect(formatFigures(t, { mos: 3.5, rtt: null, jitter: 21, loss: 9.8 }, 'de')).to.equal('MOS 3,5 · round trip – ms · jitter 21 ms · loss 9,8 %');
    expect(formatFigures('{mos}', { mos: 4, rtt: 0, jitter: 0, loss: 0 }, 'not a locale!')).to.equal('4');
  });
});
