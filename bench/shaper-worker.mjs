// Runs the shaped links in a worker thread of their own, so their delivery
// timers do not wait behind the page server's, the emulator's and Playwright's
// work on the bench's main thread. Requests: {id, op: 'forward', profile, port},
// {id, op: 'stats', profile}, {id, op: 'close'}; each is answered {id, result} or {id, error}.
import { parentPort } from 'node:worker_threads';
import { createLink, PROFILES } from './shaper.mjs';

const links = new Map();
const linkFor = (name) => {
  if (!links.has(name)) {
    if (!PROFILES[name]) throw new Error(`unknown profile '${name}'`);
    links.set(name, createLink(PROFILES[name]));
  }
  return links.get(name);
};

parentPort.on('message', async ({ id, op, profile, port }) => {
  try {
    let result;
    if (op === 'forward') result = { port: (await linkFor(profile).forward(port)).port };
    else if (op === 'stats') result = linkFor(profile).stats();
    else if (op === 'close') {
      await Promise.all([...links.values()].map((l) => l.close()));
      links.clear();
      result = true;
    } else throw new Error(`unknown op '${op}'`);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
