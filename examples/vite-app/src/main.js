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
const identity = `vite-${Math.random().toString(36).slice(2, 8)}`;

const phone = document.getElementById('phone');
phone.tokenUrl = `/token?identity=${identity}`;
if (config.signalingHost) phone.signalingHost = config.signalingHost;

const totp = document.getElementById('totp');
totp.identity = identity;
document.getElementById('enrol').addEventListener('click', async () => {
  const res = await fetch('/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'enroll', identity }),
  });
  const factor = await res.json();
  totp.factorSid = factor.factorSid;
  // A real app shows a QR code (<totp-enroll> does both); the secret is shown here for the demo only.
  document.getElementById('secret').textContent = factor.secret;
});
