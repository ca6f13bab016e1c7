// The elements come from the package like any dependency; Vite bundles them,
// keeps the Voice SDK as a lazy chunk and emits the phone's sound files as
// assets of this app (served from its own origin: the strict CSP allows them).
import 'twilio-widgets/twilio-phone.js';
import 'twilio-widgets/device-status.js';
import 'twilio-widgets/totp-verify.js';

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI}`);
  document.getElementById('violations').textContent = String(violations.length);
});
window.cspViolations = violations;

const config = await (await fetch('/config.json')).json();
// Sign in first (your app's own sign-in goes here): /token and /verify act for the session's
// user only, so neither the token URL nor the TOTP requests name anyone.
const name = `vite-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
const { identity } = await (
  await fetch('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
).json();
document.getElementById('who').textContent = identity;

const phone = document.getElementById('phone');
phone.tokenUrl = '/token';
if (config.signalingHost) phone.signalingHost = config.signalingHost;

const totp = document.getElementById('totp');
document.getElementById('enrol').addEventListener('click', async () => {
  const res = await fetch('/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'enroll' }),
  });
  const factor = await res.json();
  totp.factorSid = factor.factorSid;
  // A real app shows a QR code (<totp-enroll> does both); the secret is shown here for the demo only.
  document.getElementById('secret').textContent = factor.secret;
});
