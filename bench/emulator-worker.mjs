// The bench's emulator in a thread of its own. Twilio's gateway and the page's token server are
// different machines; in the bench's one Node process the emulator's TLS handshake for the
// phone's prewarmed socket held up the token answer on the same event loop (about 8 ms a 401
// run, measured), which a real page never pays. A worker has its own event loop.
import { parentPort, workerData } from 'node:worker_threads';

const { startEmulator } = await import('../dist/emulator/index.js');
const emulator = await startEmulator({ port: 0, ...workerData });
parentPort.on('message', async (m) => {
  if (m === 'open-sockets') parentPort.postMessage({ openSockets: emulator.openSockets() });
  if (m === 'stop') {
    await emulator.stop();
    parentPort.postMessage({ stopped: true });
  }
});
parentPort.postMessage({ started: { url: emulator.url, port: emulator.port } });
