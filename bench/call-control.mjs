// Call-control rows of `npm run bench` (information, no goal): on each network, one
// `<twilio-phone call-control-url>` page whose calls run in conferences (the reference voice and
// call-control endpoints, test/support/call-control-app.mjs, against the emulator), timed from
// Node around the page's calls:
//   hold() → the held party hears music: until the emulator's Goertzel on what the `customer`
//     party receives finds the hold music (400/800 Hz above -35 dBFS). Its window is the last
//     second, so the figure includes the ~0.2 s of music needed to cross the threshold.
//   transfer(cold) → target connected: until `billing` is a participant of the conference.
// The page reaches /call-control and signaling through the shaped link; the emulator reaches the
// endpoints on loopback (Twilio → your server is not the browser's network).
import https from 'node:https';
import { fmtMs, median, ms, stats } from './lib.mjs';
import { CALL_CONTROL_APP_SID } from '../test/support/call-control-app.mjs';

const HEARD = -35;

function control(emulatorUrl, path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(`/emulator${path}`, emulatorUrl), { method, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        (res.statusCode ?? 500) < 400 ? resolve(text ? JSON.parse(text) : null) : reject(new Error(`${path}: HTTP ${res.statusCode} ${text}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function poll(check, what, timeoutMs = 15000) {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (performance.now() > end) throw new Error(`call-control bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * @param {{name: string}} net
 * @param {{newContext: Function, openPage: Function, call: Function, runs: number, table: any, log: Function, emulatorUrl: string}} c
 */
export async function callControlRows(net, c) {
  const conferenceOf = async (callSid) =>
    (await control(c.emulatorUrl, '/conferences')).find((x) => x.status !== 'completed' && x.participants.some((p) => p.callSid === callSid));
  const partyIn = async (callSid, party) => {
    let sid = '';
    await poll(async () => {
      sid = (await conferenceOf(callSid))?.participants.find((p) => p.label === `remote:${party}`)?.callSid ?? '';
      return !!sid;
    }, `${party} in the conference`);
    return sid;
  };
  const hearsMusic = async (sid) => {
    const { heard } = await control(c.emulatorUrl, `/calls/${sid}/audio?freqs=400,800`);
    return heard['400'] > HEARD || heard['800'] > HEARD;
  };

  const context = await c.newContext();
  const hold = [];
  const holdAnswer = [];
  const transfer = [];
  try {
    const page = await c.openPage(context, net, 'call-control.html');
    const state = await c.call(page, 'o => bench.setup(o)', { identity: `ccbench-${net.name}`, app: CALL_CONTROL_APP_SID });
    if (state !== 'ready') throw new Error(`call-control bench: the phone ended in ${state}`);
    for (let i = -1; i < c.runs; i++) {
      // hold() → the customer hears music
      let callSid = await c.call(page, 'to => bench.connect(to)', 'customer');
      const customer = await partyIn(callSid, 'customer');
      const holdAt = performance.now();
      const answered = c.call(page, '() => bench.hold()').then(() => performance.now());
      await poll(() => hearsMusic(customer), 'hold music at the customer');
      const heard = performance.now();
      const answer = await answered;
      await c.call(page, '() => bench.hangup()');
      // transfer(cold) → billing in the conference
      callSid = await c.call(page, 'to => bench.connect(to)', 'customer');
      const caller = await partyIn(callSid, 'customer');
      const conference = (await conferenceOf(callSid)).sid;
      const transferAt = performance.now();
      const transferred = c.call(page, 'to => bench.transfer(to)', 'billing');
      await poll(
        async () => (await control(c.emulatorUrl, '/conferences')).find((x) => x.sid === conference)?.participants.some((p) => p.label === 'remote:billing'),
        'billing in the conference',
      );
      const connected = performance.now();
      await transferred;
      await control(c.emulatorUrl, `/calls/${caller}/hangup`, 'POST').catch(() => undefined);
      if (i < 0) continue; // warm-up
      hold.push(heard - holdAt);
      holdAnswer.push(answer - holdAt);
      transfer.push(connected - transferAt);
    }
  } finally {
    await context.close();
  }
  c.log(
    `${net.name}: hold() → music ${ms(median(hold))} ms (answer ${ms(median(holdAnswer))} ms), transfer(cold) → billing connected ${ms(median(transfer))} ms`,
  );
  c.table.add({
    figure: '`hold()` → the held party hears music (call control, info)',
    network: net.name,
    ours: fmtMs(stats(hold)),
    base: '—',
    ratio: '—',
    goal: 'info',
    ok: null,
  });
  c.table.add({
    figure: "`transfer(to, {mode: 'cold'})` → the target is connected (call control, info)",
    network: net.name,
    ours: fmtMs(stats(transfer)),
    base: '—',
    ratio: '—',
    goal: 'info',
    ok: null,
  });
  return { holdAnswer: stats(holdAnswer) };
}
