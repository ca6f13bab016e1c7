// Attack suite, /signal (the signaling WebSocket): a page on a foreign origin
// must not get a socket (HTTP 403, no upgrade), and one huge frame sent before
// any authentication must be refused from its header, not buffered.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mint, withEmulator } from '../support/emulator-harness.mjs';
import { peakRssGrowth, sendHugeFrame, tryUpgrade } from '../support/raw-http.mjs';
import { SIGNAL_MAX_PAYLOAD } from '../../dist/emulator/security/body-limit.js';

const MB = 1024 * 1024;

describe('origins', () => {
  test(
    'an upgrade from a foreign Origin gets HTTP 403 and no socket',
    withEmulator({}, async ({ emu }) => {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'http://169.254.169.254']) {
        const r = await tryUpgrade(`wss://127.0.0.1:${emu.port}/signal`, { origin });
        assert.equal(r.opened, false, origin);
        assert.equal(r.status, 403, origin);
      }
      assert.equal(emu.openSockets(), 0);
    }),
  );

  test(
    'DNS rebinding: Origin equal to a Host that is a DNS name is refused',
    withEmulator({}, async ({ emu }) => {
      const host = `rebind.example:${emu.port}`;
      const r = await tryUpgrade(`wss://127.0.0.1:${emu.port}/signal`, { host, origin: `https://${host}` });
      assert.equal(r.status, 403);
    }),
  );

  test(
    'loopback pages, listed origins and clients without an Origin get their socket',
    withEmulator({ allowedOrigins: ['loopback', 'https://app.example.test'] }, async ({ emu }) => {
      for (const headers of [
        {},
        { origin: 'http://localhost:8000' },
        { origin: 'http://127.0.0.1:3000' },
        { origin: 'http://[::1]:1' },
        { origin: 'https://app.example.test' },
      ]) {
        const r = await tryUpgrade(`wss://127.0.0.1:${emu.port}/signal`, headers);
        assert.equal(r.opened, true, JSON.stringify(headers) + JSON.stringify(r));
      }
      // The SDK reaches the emulator under Twilio's host names (a page on loopback): allowed by the page's Origin.
      const r = await tryUpgrade(`wss://127.0.0.1:${emu.port}/signal`, { host: 'voice-js.ashburn.twilio.com', origin: 'http://127.0.0.1:5000' });
      assert.equal(r.opened, true);
    }),
  );
});

describe('frame size', () => {
  test(
    `one 90 MB frame before any auth is refused from its header (close 1009), memory growth < 20 MB`,
    withEmulator({}, async ({ emu }) => {
      const { growth, result } = await peakRssGrowth(() => sendHugeFrame(emu.url, '/signal', 90 * MB));
      console.log(
        `90 MB frame: ${(result.bytesWritten / MB).toFixed(1)} MB written before the close, RSS growth ${(growth / MB).toFixed(1)} MB, close code ${result.closeCode}`,
      );
      assert.equal(result.handshake.status, 101);
      assert.equal(result.closeCode, 1009, 'Message Too Big');
      assert.ok(result.bytesWritten < 30 * MB, `the server stopped reading early (${result.bytesWritten} bytes written)`);
      assert.ok(growth < 20 * MB, `RSS grew ${(growth / MB).toFixed(1)} MB`);
      assert.equal(emu.openSockets(), 0);
    }),
  );

  test(
    'the cap leaves room for the largest legitimate frames (a 10 000-character call message, escaped, is under it)',
    withEmulator({}, async ({ connect }) => {
      assert.equal(SIGNAL_MAX_PAYLOAD, 64 * 1024);
      // Twilio caps a call message's content at 10 000 characters; JSON-escaped control characters take 6 bytes each.
      const worstMessage = JSON.stringify({
        type: 'message',
        version: '1.6',
        payload: {
          callsid: 'CA' + '0'.repeat(32),
          content: '\u0001'.repeat(10000),
          contenttype: 'application/json',
          messagetype: 'user-defined-message',
          voiceeventsid: 'KX' + '0'.repeat(32),
        },
      });
      assert.ok(Buffer.byteLength(worstMessage) < SIGNAL_MAX_PAYLOAD, `${Buffer.byteLength(worstMessage)} bytes`);
      // A frame just under the cap is read: a listen padded to 60 KB still gets `connected`.
      const c = await connect();
      c.ws.send(JSON.stringify({ type: 'listen', version: '1.6', payload: { token: mint({ identity: 'alice' }), padding: 'x'.repeat(60 * 1024) } }));
      await c.next('connected');
      // One byte over the cap closes the socket with 1009.
      const d = await connect();
      d.ws.send('x'.repeat(SIGNAL_MAX_PAYLOAD + 1));
      assert.equal(await Promise.race([d.closed, new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000))]), 1009);
    }),
  );
});
