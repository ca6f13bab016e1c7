// `<twilio-phone>`'s default strings are split by the code that shows them: the eager table (the
// element's own keys) and one table per lazy chunk, which the chunk adds when its module runs. The
// public `TWILIO_PHONE_STRINGS` must stay exactly their union: no key lost, none added, and a key
// in two tables has one value. Each chunk's entry must add its table before anything of it renders.
import { expect } from '@open-wc/testing';
import { TWILIO_PHONE_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone.strings.js';
import { EAGER_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone.eager-strings.js';
import { CALL_VIEW_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone-call-view.strings.js';
import { CALL_CONTROL_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone-call-control.strings.js';
import { EXTRAS_STRINGS } from '../../src/elements/components/twilio-phone/twilio-phone-extras.strings.js';
import { VOICE_SUPPORT_STRINGS } from '../../src/elements/core/voice-support.js';
import { defaultText } from '../../src/elements/components/twilio-phone/twilio-phone-defaults.js';
import type { TwilioPhoneStrings } from '../../src/elements/components/twilio-phone/twilio-phone.strings.js';

type Table = Readonly<Record<string, string>>;

/** Each lazy chunk: its table, and its entry module (which must add the table when it runs). */
const CHUNKS: [name: string, table: Table, load: () => Promise<unknown>][] = [
  ['call view', CALL_VIEW_STRINGS, () => import('../../src/elements/components/twilio-phone/call-view-feature.js')],
  ['call control', CALL_CONTROL_STRINGS, () => import('../../src/elements/components/twilio-phone/call-control-feature.js')],
  ['extras', EXTRAS_STRINGS, () => import('../../src/elements/components/twilio-phone/twilio-phone-extras-feature.js')],
];
const TABLES: [string, Table][] = [
  ['eager', EAGER_STRINGS],
  ...CHUNKS.map(([name, table]): [string, Table] => [name, table]),
  // Loaded only by a browser that lacks WebRTC or a microphone, and used as it is (no text() lookup).
  ['unsupported browser', VOICE_SUPPORT_STRINGS],
];
const PUBLIC: Table = TWILIO_PHONE_STRINGS;
const key = (k: string) => k as keyof TwilioPhoneStrings;

describe('twilio-phone strings: the eager table and the chunks’ tables make TWILIO_PHONE_STRINGS', () => {
  for (const [name, table] of TABLES) {
    it(`every key of the ${name} table is public, with the same value`, () => {
      expect(Object.keys(table)).to.not.be.empty;
      for (const [k, value] of Object.entries(table)) expect(PUBLIC[k], `${name}.${k}`).to.equal(value);
    });
  }

  it('every public key is in some table (none lost)', () => {
    const union = new Set(TABLES.flatMap(([, table]) => Object.keys(table)));
    expect([...union].sort()).to.deep.equal(Object.keys(PUBLIC).sort());
  });

  it('a key in two tables has one value (no duplicate that disagrees)', () => {
    const seen = new Map<string, [string, string]>();
    for (const [name, table] of TABLES) {
      for (const [k, value] of Object.entries(table)) {
        const before = seen.get(k);
        if (before) expect(value, `${k}: ${before[0]} and ${name}`).to.equal(before[1]);
        seen.set(k, [name, value]);
      }
    }
  });

  it('every value is a non-empty string', () => {
    for (const [k, value] of Object.entries(PUBLIC)) expect(value, k).to.be.a('string').and.not.equal('');
  });

  // In order: the registry is per page, and these modules run once.
  for (const [name, table, load] of CHUNKS) {
    const own = Object.keys(table).filter((k) => !(k in EAGER_STRINGS));
    it(`the ${name} chunk's defaults are unknown before its module runs, known after`, async () => {
      expect(own).to.not.be.empty;
      for (const k of own) expect(defaultText(key(k)), `${k} before`).to.equal(k);
      await load();
      for (const k of own) expect(defaultText(key(k)), `${k} after`).to.equal(table[k]);
    });
  }

  it('the eager defaults are known from the start', () => {
    for (const [k, value] of Object.entries(EAGER_STRINGS)) expect(defaultText(key(k)), k).to.equal(value);
  });
});
