// The demo page's glue: wires the switches and buttons to the elements and logs their events.
// No inline script anywhere (the page runs under a strict CSP); text only, never HTML.
// The page signs in (POST /session) before it starts anything: /token and /verify take the
// identity from that session cookie, so neither the token URL nor the TOTP requests name anyone.
import { NAME_RE as IDENTITY_RE, forgetUrlName, onNameChange, pageName, signIn, signOut } from '/frameworks/common.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const phone = /** @type {any} */ ($('phone'));
const ui = {
  mode: $('mode'),
  footerMode: $('footer-mode'),
  identityForm: /** @type {HTMLFormElement} */ ($('identity-form')),
  identity: /** @type {HTMLInputElement} */ ($('identity')),
  signedIn: $('signed-in'),
  signOut: /** @type {HTMLButtonElement} */ ($('sign-out')),
  wrong: /** @type {HTMLInputElement} */ ($('wrong-credentials')),
  sampleApp: /** @type {HTMLInputElement} */ ($('sample-app')),
  ringMe: /** @type {HTMLButtonElement} */ ($('ring-me')),
  destinations: $('destinations'),
  callControlRow: $('call-control-row'),
  callControlActions: $('call-control-actions'),
  callControlCalls: /** @type {HTMLInputElement} */ ($('call-control-calls')),
  network: $('network'),
  networkRow: $('network-row'),
  phoneHint: $('phone-hint'),
  phoneMarkup: $('phone-markup'),
  enroll: /** @type {any} */ ($('enroll')),
  stepEnroll: $('step-enroll'),
  stepChallenge: $('step-challenge'),
  challengeSlot: $('challenge-slot'),
  newChallenge: /** @type {HTMLButtonElement} */ ($('new-challenge')),
  legacy: /** @type {HTMLInputElement} */ ($('legacy-api')),
  legacyRow: $('legacy-row'),
  log: $('log'),
  clearLog: $('clear-log'),
};

/** @type {{mode: 'emulator'|'twilio', signalingHost: string|null, legacyTotpSwitch: boolean, emulatorDestinations: string[], networkSwitches?: boolean, sampleApp?: boolean, callControl?: {url: string, tokenApp: string|null, inboundNumber: string|null, parties: string[]} | null}} */
let config = {
  mode: 'emulator',
  signalingHost: location.host,
  legacyTotpSwitch: true,
  emulatorDestinations: [],
  networkSwitches: true,
  sampleApp: false,
  callControl: null,
};
/** The signed-in name ('' while signed out). */
let identity = '';
/** The factor <totp-enroll> created (its SID only: the element keeps the secret to itself). */
/** @type {{factorSid: string} | null} */
let factor = null;
let factorVerified = false;

// ------------------------------------------------------------------ event log

const MAX_LOG = 300;

function time() {
  const d = new Date();
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * @param {string} source  e.g. "twilio-phone"
 * @param {string} name    event name or action
 * @param {string} text    summary (rendered as text)
 * @param {'info'|'ok'|'warn'|'error'} [tone]
 */
function log(source, name, text, tone = 'info') {
  const li = document.createElement('li');
  li.className = `log-entry tone-${tone}`;
  const t = document.createElement('time');
  t.textContent = time();
  const src = document.createElement('span');
  src.className = 'log-source';
  src.textContent = source;
  const ev = document.createElement('span');
  ev.className = 'log-name';
  ev.textContent = name;
  const msg = document.createElement('span');
  msg.className = 'log-text';
  msg.textContent = text;
  li.append(t, src, ev, msg);
  ui.log.prepend(li);
  while (ui.log.childElementCount > MAX_LOG) ui.log.lastElementChild?.remove();
}

const errorText = (e) => (e ? `${e.code != null ? `${e.code} ` : ''}${e.message ?? ''}`.trim() : '');

/** @type {Record<string, (d: any) => [string, 'info'|'ok'|'warn'|'error']>} */
const SUMMARIES = {
  'twilio-phone-state-change': (d) => [
    `${d.previousState} → ${d.state}${d.reason ? ` (${d.reason})` : ''}${d.error ? ` · ${errorText(d.error)}` : ''}`,
    d.state === 'ready' ? 'ok' : d.state === 'bad-credentials' || d.state === 'error' ? 'error' : d.state === 'offline' ? 'warn' : 'info',
  ],
  'twilio-phone-bad-credentials': (d) => [`source: ${d.source} · ${errorText(d.error)}`, 'error'],
  'twilio-phone-error': (d) => [`${errorText(d.error)}${d.fatal ? ' (fatal)' : ''}`, d.fatal ? 'error' : 'warn'],
  'twilio-phone-incoming': (d) => [`from ${d.from}${d.to ? ` to ${d.to}` : ''}${d.waiting ? ' (call waiting)' : ''}`, 'info'],
  'twilio-phone-call-control': (d) => [
    `${d.action}: ${d.outcome}${d.error ? ` · ${d.error.code} ${d.error.message}` : ''}`,
    d.outcome === 'done' ? 'ok' : 'error',
  ],
  'twilio-phone-participants-change': (d) => [
    (d.participants ?? [])
      .map((p) => `${p.role === 'you' ? 'you' : `${p.label} (${p.role})`}${p.onHold ? ' on hold' : ''}${p.muted ? ' muted' : ''}`)
      .join(', ') || 'none',
    'info',
  ],
  'twilio-phone-call-state-change': (d) => [
    `${d.direction} ${d.remote ?? ''}: ${d.previousCallState ?? '—'} → ${d.callState}${d.duration != null ? ` (${d.duration} s)` : ''}`,
    d.callState === 'connected' ? 'ok' : 'info',
  ],
  'twilio-phone-quality-warning': (d) => [`${d.name}${d.cleared ? ' cleared' : ''}`, d.cleared ? 'info' : 'warn'],
  'twilio-phone-preflight-state-change': (d) => [`${d.previousState} → ${d.state}`, 'info'],
  'twilio-phone-preflight': (d) => [
    `${d.callQuality} · MOS ${d.mos} · rtt ${d.rtt} ms · jitter ${d.jitter} ms · loss ${d.packetLoss} % · edge ${d.edge} · ${Math.round(d.duration / 100) / 10} s`,
    d.callQuality === 'excellent' || d.callQuality === 'great' || d.callQuality === 'good' ? 'ok' : 'warn',
  ],
  'twilio-phone-preflight-failed': (d) => [`${d.reason} · ${errorText(d.error)}`, d.reason === 'cancelled' ? 'info' : 'error'],
  'totp-verify-send': (d) => {
    const body = { ...(d.body ?? {}) };
    if (typeof body.code === 'string') body.code = '•'.repeat(body.code.length);
    return [`POST ${JSON.stringify(body)}`, 'info'];
  },
  'totp-verify-result': (d) => [
    [
      `outcome: ${d.outcome}`,
      d.status && `status: ${d.status}`,
      d.code && `code: ${d.code}`,
      d.message && `“${d.message}”`,
      d.failure && `failure: ${d.failure}`,
    ]
      .filter(Boolean)
      .join(' · '),
    d.outcome === 'verified' ? 'ok' : d.outcome === 'error' ? 'error' : 'warn',
  ],
  'totp-verify-success': () => ['code accepted', 'ok'],
  'totp-enroll-send': (d) => {
    const body = { ...(d.body ?? {}) };
    if (typeof body.code === 'string') body.code = '•'.repeat(body.code.length);
    return [`${d.stage}: POST ${JSON.stringify(body)}`, 'info'];
  },
  'totp-enroll-created': (d) => [`factor ${d.factorSid} created; its key is on screen`, 'ok'],
  'totp-enroll-verified': (d) => [`factor ${d.factorSid} verified; the key is gone from the page`, 'ok'],
  'totp-enroll-error': (d) => [
    [
      `${d.stage}: ${d.outcome}`,
      d.status && `status: ${d.status}`,
      d.code && `code: ${d.code}`,
      d.message && `“${d.message}”`,
      d.failure && `failure: ${d.failure}`,
      d.fatal && 'start again',
    ]
      .filter(Boolean)
      .join(' · '),
    d.fatal ? 'error' : 'warn',
  ],
};

// Quality arrives once a second: log a line only when the level changes.
let loggedLevel = null;
document.addEventListener('twilio-phone-call-state-change', (e) => {
  if (/** @type {CustomEvent} */ (e).detail.callState === 'ended') loggedLevel = null;
});
document.addEventListener('twilio-phone-call-quality', (event) => {
  const d = /** @type {CustomEvent} */ (event).detail;
  if (!d.level || d.level === loggedLevel) return;
  loggedLevel = d.level;
  const target = /** @type {HTMLElement} */ (event.target);
  log(
    `${target.localName}${target.id ? `#${target.id}` : ''}`,
    'twilio-phone-call-quality',
    `${d.level} · MOS ${d.mos} · rtt ${d.rtt} ms · jitter ${d.jitter} ms · loss ${d.packetLoss} %`,
    d.level === 'fair' || d.level === 'degraded' ? 'warn' : 'ok',
  );
});

for (const [name, summarize] of Object.entries(SUMMARIES)) {
  document.addEventListener(name, (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const source = `${target.localName}${target.id ? `#${target.id}` : ''}`;
    const [text, tone] = summarize(/** @type {CustomEvent} */ (event).detail ?? {});
    log(source, name, text, tone);
  });
}
ui.clearLog.addEventListener('click', () => ui.log.replaceChildren());

// ------------------------------------------------------------------ helpers

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON
  }
  return { ok: res.ok, status: res.status, json };
}

function randomIdentity() {
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  const n = crypto.getRandomValues(new Uint32Array(2));
  return `${names[n[0] % names.length]}-${1000 + (n[1] % 9000)}`;
}

function setHint(text, tone = '') {
  ui.phoneHint.textContent = text;
  ui.phoneHint.dataset.tone = tone;
}

// ------------------------------------------------------------------ phone

/** The token URL: which handler (wrong credentials, sample app), never who: that is the session's. */
function tokenUrl() {
  const q = new URLSearchParams();
  if (ui.wrong.checked) q.set('credentials', 'wrong');
  if (ui.sampleApp.checked) q.set('app', 'sample');
  else if (ui.callControlCalls.checked && config.callControl?.tokenApp) q.set('app', config.callControl.tokenApp);
  return q.size ? `/token?${q}` : '/token';
}

function configurePhone() {
  phone.setAttribute('token-url', tokenUrl());
  if (config.signalingHost) phone.setAttribute('signaling-host', config.signalingHost);
  else phone.removeAttribute('signaling-host');
  if (config.callControl) phone.setAttribute('call-control-url', config.callControl.url);
  else phone.removeAttribute('call-control-url');
  const attrs = [`id="phone"`, `token-url="${phone.getAttribute('token-url')}"`];
  if (config.signalingHost) attrs.push(`signaling-host="${config.signalingHost}"`);
  if (config.callControl) attrs.push(`call-control-url="${config.callControl.url}"`);
  ui.phoneMarkup.textContent =
    `<script type="module" src="/cdn/twilio-widgets.js"></script>\n\n` +
    `<twilio-phone ${attrs.join('\n              ')}></twilio-phone>\n` +
    `<device-status for="phone"></device-status>`;
}

function restartPhone(why) {
  configurePhone();
  if (phone.state !== 'idle' || why) {
    log('demo', 'restart', why ?? 'phone restarted');
    void phone.start();
  }
}

function updatePhoneControls() {
  const state = phone.state;
  const ready = state === 'ready';
  const emulator = config.mode === 'emulator';
  ui.ringMe.disabled = !(ready && emulator);
  for (const b of ui.destinations.querySelectorAll('button')) /** @type {HTMLButtonElement} */ (b).disabled = !ready;
  // The reason the buttons are greyed, beside them (and their description).
  $('needs-ready').hidden = ready;
  const inCall = state === 'busy';
  for (const b of ui.callControlActions.querySelectorAll('button')) {
    const action = /** @type {HTMLElement} */ (b).dataset.action;
    // The customer may call during a call too: that is call waiting.
    /** @type {HTMLButtonElement} */ (b).disabled = action === 'inbound' ? !(ready || inCall) : !inCall;
  }
  if (!identity) setHint('Sign in (at the top of the page) to start the phone.');
  else if (state === 'idle') setHint('Press “Start phone” to fetch a token and register.');
  // The phone says its state itself: the hint only adds the demo's next step, never the state again.
  else if (state === 'fetching-token' || state === 'registering') setHint('');
  else if (state === 'ready')
    setHint(emulator ? `Registered as “${identity}”. Ring yourself or call a test destination.` : `Registered as “${identity}”.`, 'ok');
  else if (state === 'busy') setHint('In a call: the bars show its quality; the Network switches change it.');
  else if (state === 'bad-credentials')
    setHint(ui.wrong.checked ? 'Twilio refused the token: switch “Use wrong credentials” off to recover.' : 'Twilio refused the credentials.', 'error');
  else if (state === 'offline') setHint('');
  else if (state === 'error') setHint('The phone stopped on an error; “Try again” restarts it.', 'error');
  else if (state === 'standby') setHint('The phone is active in another tab of this demo (single-tab): “Use here” moves it to this one.');
}

phone.addEventListener('twilio-phone-state-change', updatePhoneControls);

ui.sampleApp.addEventListener('change', () => {
  restartPhone(ui.sampleApp.checked ? 'outgoing calls now run the sample TwiML app' : "outgoing calls use the emulator's test destinations again");
});

ui.callControlCalls.addEventListener('change', () => {
  restartPhone(ui.callControlCalls.checked ? 'outgoing calls now run in conferences (/voice)' : "outgoing calls use the emulator's test destinations again");
});

ui.wrong.addEventListener('change', () => {
  restartPhone(ui.wrong.checked ? 'using wrong credentials (token signed with an unknown secret)' : 'using the right credentials again');
});

ui.ringMe.addEventListener('click', async () => {
  ui.ringMe.disabled = true;
  try {
    const r = await postJson('/emulator/calls', { to: identity });
    if (r.ok) log('demo', 'ring', `emulator is calling ${identity} (${r.json?.callSid ?? r.json?.sid ?? 'call'})`);
    else log('demo', 'ring', `failed: ${r.json?.message ?? `HTTP ${r.status}`}`, 'error');
  } catch (err) {
    log('demo', 'ring', `failed: ${err instanceof Error ? err.message : err}`, 'error');
  } finally {
    updatePhoneControls();
  }
});

ui.destinations.addEventListener('click', (e) => {
  const button = /** @type {HTMLElement} */ (e.target).closest('button[data-to]');
  if (!button) return;
  const to = /** @type {HTMLElement} */ (button).dataset.to;
  log('demo', 'call', `phone.call('${to}')`);
  phone.call(to).catch((err) => log('demo', 'call', `failed: ${err instanceof Error ? err.message : err}`, 'error'));
});

/** The call-control row: the emulator's customer calls the demo number; transfers and adds go through the phone's methods. */
ui.callControlActions.addEventListener('click', async (e) => {
  const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target).closest('button[data-action]'));
  if (!button || !config.callControl) return;
  const { action, to = '' } = button.dataset;
  const report = (what) => (err) => log('demo', what, `failed: ${err?.code ? `${err.code} ` : ''}${err instanceof Error ? err.message : err}`, 'error');
  switch (action) {
    case 'inbound': {
      const r = await postJson('/emulator/inbound', { to: config.callControl.inboundNumber, party: 'customer' }).catch(() => ({
        ok: false,
        status: 0,
        json: null,
      }));
      if (r.ok) log('demo', 'inbound', `the customer is calling ${config.callControl.inboundNumber} (${r.json?.callSid ?? 'call'})`);
      else log('demo', 'inbound', `failed: ${r.json?.message ?? `HTTP ${r.status}`}`, 'error');
      return;
    }
    case 'transfer-warm':
    case 'transfer-cold': {
      const mode = action === 'transfer-warm' ? 'warm' : 'cold';
      log('demo', 'transfer', `phone.transfer('${to}', {mode: '${mode}'})`);
      return void phone.transfer(to, { mode }).catch(report('transfer'));
    }
    case 'add':
      log('demo', 'add', `phone.addParticipant('${to}')`);
      return void phone.addParticipant(to).catch(report('add'));
    default:
      return;
  }
});

// ------------------------------------------------------------------ network

/** The Network switches: presets of the emulator's impairments (POST /emulator/impairments). */
const NETWORKS = {
  clean: null,
  lossy: { loss: 0.1 },
  jittery: { jitterMs: 120 },
  slow: { delayMs: 250, signaling: true },
};

async function setNetwork(name) {
  const preset = NETWORKS[name];
  let r = await postJson('/emulator/impairments/reset', {});
  if (r.ok && preset) r = await postJson('/emulator/impairments', preset);
  if (r.ok) log('demo', 'network', preset ? `${name}: ${JSON.stringify(preset)}` : 'clean: no impairment', preset ? 'warn' : 'info');
  else log('demo', 'network', `failed: ${r.json?.message ?? `HTTP ${r.status}`}`, 'error');
  return r.ok;
}

/** Checks the switch matching the emulator's current global impairment (none if it matches no preset). */
async function showNetwork() {
  const r = await fetch('/emulator/impairments');
  if (!r.ok) return;
  const { global } = await r.json();
  for (const input of ui.network.querySelectorAll('input')) {
    const preset = NETWORKS[input.value] ?? {};
    const expected = { loss: 0, jitterMs: 0, delayMs: 0, signaling: false, ...preset };
    input.checked = Object.entries(expected).every(([k, v]) => global[k] === v);
  }
}

ui.network.addEventListener('change', async (e) => {
  const input = /** @type {HTMLInputElement} */ (e.target);
  if (!(await setNetwork(input.value))) await showNetwork();
});

// ------------------------------------------------------------------ TOTP

function resetTotp() {
  factor = null;
  factorVerified = false;
  ui.enroll.reset();
  ui.challengeSlot.replaceChildren();
  ui.newChallenge.disabled = true;
  ui.stepChallenge.setAttribute('aria-disabled', 'true');
  for (const s of [ui.stepEnroll, ui.stepChallenge]) delete s.dataset.done;
}

function totpElement(id, label) {
  const el = /** @type {any} */ (document.createElement('totp-verify'));
  el.id = id;
  el.setAttribute('verify-url', '/verify');
  el.setAttribute('factor-sid', factor.factorSid);
  el.setAttribute('label', label);
  return el;
}

// A new enrolment (also "Start again") replaces the previous factor for the challenge step.
ui.enroll.addEventListener('totp-enroll-send', (/** @type {CustomEvent} */ e) => {
  if (e.detail.stage !== 'create') return;
  factor = null;
  factorVerified = false;
  ui.challengeSlot.replaceChildren();
  ui.newChallenge.disabled = true;
  ui.stepChallenge.setAttribute('aria-disabled', 'true');
  for (const s of [ui.stepEnroll, ui.stepChallenge]) delete s.dataset.done;
});
ui.enroll.addEventListener('totp-enroll-created', (/** @type {CustomEvent} */ e) => {
  factor = { factorSid: e.detail.factorSid };
});
ui.enroll.addEventListener('totp-enroll-verified', () => {
  factorVerified = true;
  ui.stepEnroll.dataset.done = '';
  ui.stepChallenge.removeAttribute('aria-disabled');
  ui.newChallenge.disabled = false;
});

ui.newChallenge.addEventListener('click', () => {
  if (!factor || !factorVerified) return;
  delete ui.stepChallenge.dataset.done;
  const el = totpElement('challenge-verify', 'Sign-in code');
  // The first code creates the challenge; if it is wrong, retries answer that same challenge.
  el.params = { action: 'create-challenge' };
  el.addEventListener('totp-verify-result', (/** @type {CustomEvent} */ e) => {
    const sid = e.detail.response?.sid;
    if (!el.challengeSid && typeof sid === 'string' && sid.startsWith('YC') && e.detail.outcome !== 'verified') {
      el.setAttribute('challenge-sid', sid);
      el.params = { action: 'verify-challenge' };
      log('demo', 'challenge', `challenge ${sid} is ${e.detail.status ?? 'pending'}: the next code answers it`);
    }
  });
  el.addEventListener('totp-verify-success', () => {
    ui.stepChallenge.dataset.done = '';
  });
  ui.challengeSlot.replaceChildren(el);
  log('demo', 'challenge', 'new challenge form: the next code creates it');
  void el.updateComplete?.then(() => el.focus());
});

ui.legacy.addEventListener('change', async () => {
  const on = ui.legacy.checked;
  const r = await postJson('/emulator/legacy-totp', { on }).catch(() => ({ ok: false, status: 0, json: null }));
  if (r.ok) log('demo', 'legacy-api', on ? 'wrong codes now answer 403 60311/60324 (pre-Oct-2021)' : 'wrong codes now answer 200 with status (current API)');
  else {
    ui.legacy.checked = !on;
    log('demo', 'legacy-api', `failed: ${r.json?.message ?? `HTTP ${r.status}`}`, 'error');
  }
});

// ------------------------------------------------------------------ sign-in

/** The page as signed in as `next`, or signed out (''): the elements act for that session only. */
function setIdentity(next, why) {
  identity = next;
  ui.identity.value = next;
  ui.identity.removeAttribute('aria-invalid');
  ui.signedIn.replaceChildren(...(next ? ['Signed in as ', Object.assign(document.createElement('strong'), { textContent: next })] : ['Signed out']));
  ui.signOut.hidden = !next;
  // Signed out: the phone and the TOTP steps are out of reach (their requests would get 401).
  for (const card of document.querySelectorAll('#phone, #phone-status, #enroll, #step-challenge')) /** @type {HTMLElement} */ (card).inert = !next;
  resetTotp();
  if (!next) {
    phone.stop?.();
    configurePhone();
  } else if (why) restartPhone(why);
  else configurePhone();
  updatePhoneControls();
}

ui.identityForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const next = ui.identity.value.trim();
  if (!IDENTITY_RE.test(next)) {
    ui.identity.setAttribute('aria-invalid', 'true');
    ui.identity.reportValidity();
    return;
  }
  ui.identity.removeAttribute('aria-invalid');
  if (next === identity) return;
  try {
    const signedIn = await signIn(next);
    log('demo', 'sign-in', `signed in as ${signedIn}`, 'ok');
    setIdentity(signedIn, phone.state !== 'idle' ? `signed in as ${signedIn}` : undefined);
  } catch (err) {
    log('demo', 'sign-in', `failed: ${err instanceof Error ? err.message : err}`, 'error');
  }
});

ui.signOut.addEventListener('click', async () => {
  try {
    await signOut();
    log('demo', 'sign-out', 'signed out: /token and /verify now answer 401');
    setIdentity('');
    ui.identity.focus();
  } catch (err) {
    log('demo', 'sign-out', `failed: ${err instanceof Error ? err.message : err}`, 'error');
  }
});

// One browser has one session cookie: follow a sign-in or sign-out in another tab.
onNameChange((name) => {
  if ((name ?? '') === identity) return;
  log('demo', 'session', name ? `signed in as ${name} in another tab` : 'signed out in another tab', 'warn');
  setIdentity(name ?? '', name && phone.state !== 'idle' ? `signed in as ${name} in another tab` : undefined);
});

// ------------------------------------------------------------------ start

async function init() {
  try {
    const res = await fetch('/config.json');
    if (res.ok) config = await res.json();
  } catch {
    // keep the defaults
  }
  const emulator = config.mode === 'emulator';
  ui.mode.dataset.mode = config.mode;
  ui.mode.textContent = emulator ? 'Local emulator' : 'Real Twilio';
  ui.footerMode.textContent = emulator
    ? 'Running against the bundled Twilio emulator: no account, no network.'
    : 'Running against real Twilio with the server’s TWILIO_* credentials.';
  $('emulator-calls').hidden = !emulator;
  $('destinations-row').hidden = !emulator;
  ui.callControlRow.hidden = !(config.callControl && config.callControl.inboundNumber);
  ui.networkRow.hidden = !config.networkSwitches;
  if (config.networkSwitches) await showNetwork().catch(() => undefined);
  $('sample-app-row').hidden = !config.sampleApp;
  ui.legacyRow.hidden = !config.legacyTotpSwitch;
  if (config.legacyTotpSwitch) {
    try {
      const r = await fetch('/emulator/legacy-totp');
      if (r.ok) ui.legacy.checked = !!(await r.json()).on;
    } catch {
      // leave it off
    }
  }

  // ?identity=NAME in the page's address fills in the sign-in (handy for links and tests);
  // otherwise the name this browser used last, or a random one.
  try {
    setIdentity(await signIn(pageName('demo', randomIdentity)));
  } catch (err) {
    setIdentity('');
    log('demo', 'sign-in', `failed: ${err instanceof Error ? err.message : err}`, 'error');
  }
  forgetUrlName();
  await customElements.whenDefined('twilio-phone');
  updatePhoneControls();
  document.body.dataset.ready = '';
  log('demo', 'ready', `${emulator ? 'emulator' : 'Twilio'} mode · signed in as ${identity || 'nobody'}`);
}

void init();
