// When the element takes what the boot module started (bootStartFits): only when the boot request is
// the one the element would send itself now. A table of the element's settings at its first start().
import { expect } from '@open-wc/testing';
import { bootStartFits, type ElementRequest } from '../../src/elements/controllers/boot-handover.js';

const boot = { tokenUrl: '/token', tokenMethod: 'GET', signalingUrl: 'wss://voice-js.roaming.twilio.com/signal', singleTab: false };
const el = (over: Partial<ElementRequest>): ElementRequest => ({
  tokenUrl: '/token',
  tokenMethod: 'GET',
  tokenRequest: { credentials: 'same-origin' },
  fetchToken: undefined,
  singleTab: false,
  ...over,
});

type Row = Partial<ElementRequest> & { signalingUrl?: string };
const ROWS: Array<[string, Row, boolean]> = [
  ['the same settings', {}, true],
  ['another token URL (the attribute changed before the upgrade)', { tokenUrl: '/other' }, false],
  ['POST instead of GET', { tokenMethod: 'POST' }, false],
  ["the page's fetchToken", { fetchToken: async () => 'jwt' }, false],
  ['credentials: include', { tokenRequest: { credentials: 'include' } }, false],
  ['extra headers', { tokenRequest: { credentials: 'same-origin', headers: { 'X-Csrf': '1' } } }, false],
  ['no tokenRequest at all', { tokenRequest: undefined as unknown as RequestInit }, false],
  ['another signaling host or edge', { signalingUrl: 'wss://voice-js.dublin.twilio.com/signal' }, false],
  // The boot module saw no single-tab attribute, so it may have registered its socket ahead; the page then set `singleTab`.
  ['single-tab set as a property before the upgrade', { singleTab: true }, false],
];

describe('bootStartFits', () => {
  for (const [name, over, fits] of ROWS) {
    it(`${name}: ${fits ? 'taken' : 'the element starts its own'}`, () => {
      expect(bootStartFits(boot, el(over), over.signalingUrl ?? boot.signalingUrl)).to.equal(fits);
    });
  }
});

describe('bootStartFits with a single-tab attribute', () => {
  const singleTabBoot = { ...boot, singleTab: true };
  it('taken by a single-tab phone (the boot module registered nothing ahead for it)', () => {
    expect(bootStartFits(singleTabBoot, el({ singleTab: true }), boot.signalingUrl)).to.equal(true);
  });
  it('not taken once the page turned single-tab off before the upgrade', () => {
    expect(bootStartFits(singleTabBoot, el({ singleTab: false }), boot.signalingUrl)).to.equal(false);
  });
});
