// The plain-HTML page: no framework, only the DOM. The elements come from the
// CDN build loaded by the page; properties are set on them, their events are
// listened to with addEventListener, and the right-hand column is written with
// textContent.
import { enrol, loadConfig, pageSignIn, STATUS_STRINGS } from './common.js';

const $ = (id) => document.getElementById(id);
const phone = $('phone');
const status = $('status');

function seen(name, text) {
  const li = document.createElement('li');
  li.textContent = `${name}: ${text}`;
  $('fw-events').append(li);
}

phone.addEventListener('twilio-phone-state-change', (e) => {
  $('fw-phone-state').textContent = e.detail.state;
  seen(e.type, e.detail.state);
});
phone.addEventListener('twilio-phone-call-state-change', (e) => {
  $('fw-call-state').textContent = e.detail.callState;
  seen(e.type, `${e.detail.direction} ${e.detail.callState}`);
});

$('fw-enrol').addEventListener('click', async () => {
  $('fw-enrol').disabled = true;
  try {
    const factor = await enrol();
    $('fw-secret').textContent = factor.secret;
    seen('enrol', factor.factorSid);
    const totp = document.createElement('totp-verify');
    totp.id = 'totp';
    totp.verifyUrl = '/verify';
    totp.factorSid = factor.factorSid;
    totp.addEventListener('totp-verify-result', (e) => {
      $('fw-totp-outcome').textContent = e.detail.outcome;
      seen(e.type, e.detail.outcome);
    });
    totp.addEventListener('totp-verify-success', (e) => seen(e.type, e.detail.outcome));
    $('totp-slot').replaceChildren(totp);
  } catch (err) {
    seen('enrol', `failed: ${err instanceof Error ? err.message : err}`);
  } finally {
    $('fw-enrol').disabled = false;
  }
});

// Signed in first: /token and /verify take the identity from the session cookie.
const [config, identity] = await Promise.all([loadConfig(), pageSignIn('plain')]);
$('fw-identity').textContent = identity;
await customElements.whenDefined('twilio-phone');
phone.tokenUrl = '/token';
if (config.signalingHost) phone.signalingHost = config.signalingHost;
status.strings = STATUS_STRINGS;
document.body.dataset.ready = '';
