// signalingUrl() names the socket the phone opens ahead of the SDK; it must be
// the URL the SDK then connects to, or the prewarmed socket is wasted. Each row
// is checked against the real SDK's own choice for the same options.
import { expect } from '@open-wc/testing';
import { Device } from '@twilio/voice-sdk';
import { signalingUrl } from '../../src/elements/core/signaling-url.js';
import { shippedSoundUrls } from '../../src/elements/sounds/sound-files.js';
import { tokenUrl } from './helpers.js';

const ROWS: { signalingHost: string; edge: string; url: string }[] = [
  { signalingHost: '', edge: '', url: 'wss://voice-js.roaming.twilio.com/signal' },
  { signalingHost: '', edge: 'ashburn', url: 'wss://voice-js.ashburn.twilio.com/signal' },
  { signalingHost: '', edge: 'dublin, frankfurt', url: 'wss://voice-js.dublin.twilio.com/signal' },
  { signalingHost: '', edge: ' , tokyo', url: 'wss://voice-js.tokyo.twilio.com/signal' },
  { signalingHost: '127.0.0.1:8443', edge: '', url: 'wss://127.0.0.1:8443/signal' },
  { signalingHost: 'localhost:9000', edge: 'ashburn', url: 'wss://localhost:9000/signal' },
];

/** The first URI a Device built with the phone's options would connect to (SDK 2.x `_chunderURIs`). */
function sdkChoice(token: string, signalingHost: string, edge: string): string {
  const edges = edge
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const options: Record<string, unknown> = { logLevel: 'silent', sounds: shippedSoundUrls() };
  if (edges.length) options.edge = edges.length === 1 ? edges[0] : edges;
  if (signalingHost) Object.assign(options, { chunderw: signalingHost, publishEvents: false });
  const device = new Device(token, options);
  try {
    return (device as unknown as { _chunderURIs: string[] })._chunderURIs[0];
  } finally {
    device.destroy();
  }
}

describe('signalingUrl', () => {
  let token = '';
  before(async () => {
    token = (await (await fetch(tokenUrl({ identity: 'signaling-url' }))).json()).token;
  });
  for (const row of ROWS) {
    it(`signaling-host '${row.signalingHost}', edge '${row.edge}' → ${row.url}, as the SDK chooses`, () => {
      expect(signalingUrl(row.signalingHost, row.edge)).to.equal(row.url);
      expect(sdkChoice(token, row.signalingHost, row.edge)).to.equal(row.url);
    });
  }
});
