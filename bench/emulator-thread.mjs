// Starts bench/emulator-worker.mjs and gives the bench the few things it reads of the emulator.
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';

/** The emulator in its own thread: `{url, port, openSockets(), stop()}`. */
export async function startEmulatorThread(options) {
  const worker = new Worker(new URL('./emulator-worker.mjs', import.meta.url), { workerData: options });
  const reply = async (message, key) => {
    if (message) worker.postMessage(message);
    for (;;) {
      const [m] = await once(worker, 'message');
      if (key in m) return m[key];
    }
  };
  const { url, port } = await reply(null, 'started');
  return {
    url,
    port,
    openSockets: () => reply('open-sockets', 'openSockets'),
    stop: async () => {
      await reply('stop', 'stopped');
      await worker.terminate();
    },
  };
}
