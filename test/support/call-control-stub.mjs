// A tiny scripted call-control endpoint for the element's UI tests (test/browser/twilio-phone.call-control-ui.test.ts):
// it answers the contract's shapes (docs/call-control.md §3) from a small in-memory model of
// one call per CallSid, without Twilio or conferences, so the controls, the promise and event
// wiring and the error rendering are tested on their own. The real endpoints against the
// emulator's conferences are tested in twilio-phone.call-control.test.ts.
// Every list carries a read stamp (`at`, `seq`) taken when the request arrives, as the real server does.
//   POST /__cc-stub?key=K[&fault=STATUS&code=C&message=M][&delay=MS][&holdResync=1][&noStamp=1]   an action
//        (holdResync: the `participants` answer, read on arrival, waits for /__cc-stub/release?key=K;
//         noStamp: answers without a stamp, as a server from before stamps)
//   POST /__cc-stub/message?key=K&callSid=CA…&add=NAME   adds NAME to that call and sends its leg the
//        list as a call message (the emulator's REST UserDefinedMessages), stamped now
//   GET  /__cc-stub/log?key=K                                        the bodies received
import { restClient } from './emulator-control.mjs';

const logs = new Map();
const releases = new Map();
let seq = 0;
const readStamp = () => ({ at: Date.now(), seq: ++seq });
const calls = new Map();
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function model(callSid) {
  let c = calls.get(callSid);
  if (!c) {
    c = { held: false, parties: [{ id: 'CA' + 'f'.repeat(32), label: '+15551230000', role: 'remote' }], warm: null, seq: 0 };
    calls.set(callSid, c);
  }
  return c;
}

function list(callSid, c) {
  return [
    { id: callSid, label: 'you', role: 'you', onHold: false, muted: false },
    ...c.parties.map((p) => ({ ...p, onHold: p.role === 'remote' && (c.held || !!c.warm) ? true : c.held, muted: false })),
  ];
}

function act(body) {
  const c = model(body.callSid);
  switch (body.action) {
    case 'participants':
      break;
    case 'hold':
      c.held = true;
      break;
    case 'unhold':
      c.held = false;
      break;
    case 'transfer':
      if (c.warm) return [409, { code: 'transfer-pending', message: 'A warm transfer is waiting.', status: 409 }];
      if (body.mode === 'warm') {
        c.warm = { id: `CA${String(++c.seq).padStart(32, '0')}`, label: body.to, role: 'consulted' };
        c.parties.push(c.warm);
      }
      break;
    case 'complete-transfer':
    case 'cancel-transfer':
      if (!c.warm) return [409, { code: 'no-transfer-pending', message: 'No warm transfer is waiting.', status: 409 }];
      c.parties = c.parties.filter((p) => p !== c.warm);
      c.warm = null;
      break;
    case 'add':
      c.parties.push({ id: `CA${String(++c.seq).padStart(32, '0')}`, label: body.to, role: 'added' });
      break;
    case 'remove':
      if (!c.parties.some((p) => p.id === body.participant)) return [400, { code: 'invalid-participant', message: 'Not in this call.', status: 400 }];
      c.parties = c.parties.filter((p) => p.id !== body.participant);
      break;
    default:
      return [400, { code: 'invalid-action', message: 'Unknown action.', status: 400 }];
  }
  return [200, { participants: list(body.callSid, c), ...readStamp() }];
}

/** Adds a party to the call and tells its leg, as the real server's relay does after a status callback. */
async function message(emu, q) {
  const c = model(q.callSid);
  c.parties.push({ id: `CA${String(++c.seq).padStart(32, '0')}`, label: q.add, role: 'added' });
  const content = JSON.stringify({ type: 'twilio-widgets.participants', v: 1, ...readStamp(), participants: list(q.callSid, c) });
  await restClient(emu).calls(q.callSid).userDefinedMessages.create({ content });
}

/** @param {() => any} getEmulator */
export async function callControlStub(ctx, q, readJson, getEmulator) {
  if (ctx.path === '/__cc-stub/log') {
    ctx.body = { bodies: logs.get(q.key) ?? [] };
    return;
  }
  if (ctx.path === '/__cc-stub/release') {
    releases.get(q.key)?.();
    ctx.body = { released: releases.delete(q.key) };
    return;
  }
  if (ctx.path === '/__cc-stub/message') {
    await message(getEmulator(), q);
    ctx.body = { ok: true };
    return;
  }
  const body = await readJson(ctx.req);
  const entry = logs.get(q.key) ?? [];
  entry.push({ body, credentials: ctx.get('cookie') ? 'cookie' : 'none', contentType: ctx.get('content-type') });
  logs.set(q.key, entry);
  if (q.delay) await delay(Number(q.delay));
  if (q.fault && (!q.faultAction || q.faultAction === body.action)) {
    ctx.status = Number(q.fault);
    ctx.body = { code: q.code ?? 'twilio-error', message: q.message ?? 'Twilio refused.', status: Number(q.fault) };
    return;
  }
  const [status, answer] = act(body);
  if (q.noStamp) {
    delete answer.at;
    delete answer.seq;
  }
  if (q.holdResync && body.action === 'participants') await new Promise((r) => releases.set(q.key, r));
  ctx.status = status;
  ctx.body = answer;
}
