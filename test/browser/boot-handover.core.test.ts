// When the element takes what the boot module started (bootStartFits): only when the boot request is
// the one the element would send itself now. A table of the element's settings at its first start().
import { expect } from '@open-wc/testing';
import { bootStartFits, type ElementRequest } from '../../src/elements/controllers/boot-handover.js';

const boot = { tokenUrl: '/token', tokenMethod: 'GET', signalingUrl: 'wss://voice-js.roaming.twilio.com/signal' };
const el = (over: Partial<ElementRequest>): ElementRequest => ({
  tokenUrl: '/token',
  tokenMethod: 'GET',
  tokenRequest: { credentials: 'same-origin' },
  fetchToken: undefined,
  signalingUrl: boot.signalingUrl,
  ...over,
});

const ROWS: Array<[string, Partial<ElementRequest>, boolean]> = [
  ['the same settings', {}, true],
  ['another token URL (the attribute changed before the upgrade)', { tokenUrl: '/other' }, false],
  ['POST instead of GET', { tokenMethod: 'POST' }, false],
  ["the page's fetchToken", { fetchToken: async () => 'jwt' }, false],
  ['credentials: include', { tokenRequest: { credentials: 'include' } }, false],
  ['extra headers', { tokenRequest: { credentials: 'same-origin', headers: { 'X-Csrf': '1' } } }, false],
  ['no tokenRequest at all', { tokenRequest: undefined as unknown as RequestInit }, false],
  ['another signaling host or edge', { signalingUrl: 'wss://voice-js.dublin.twilio.com/signal' }, false],
];

describe('bootStartFits', () => {
  for (const [name, over, fits] of ROWS) {
    it(`${name}: ${fits ? 'taken' : 'the element starts its own'}`, () => {
      expect(bootStartFits(boot, el(over))).to.equal(fits);
    });
  }
});
