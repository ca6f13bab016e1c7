// The strict-CSP demo page's script: no inline code, no eval, no HTML strings.
import { pageSignIn } from '/frameworks/common.js';

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber} ${e.sample ?? ''}`);
  document.getElementById('violations').textContent = String(violations.length);
});
window.cspViolations = violations;

// The policy as the server sent it with this page (a HEAD of the same URL gets the same headers),
// so the text on the page can never drift from the header.
fetch(location.pathname, { method: 'HEAD' })
  .then((r) => (document.getElementById('policy').textContent = (r.headers.get('content-security-policy') ?? '(none)').split('; ').join(';\n')))
  .catch(() => (document.getElementById('policy').textContent = '(could not be read)'));

// Signed in first: /token and /verify take the identity from the session cookie, so neither
// the token URL nor the TOTP elements name anyone.
const [config, identity] = await Promise.all([fetch('/config.json').then((r) => r.json()), pageSignIn('csp')]);
document.getElementById('identity').textContent = identity;
const phone = document.getElementById('phone');
phone.tokenUrl = '/token';
if (config.signalingHost) phone.signalingHost = config.signalingHost;

const totp = document.getElementById('totp');
// <totp-enroll> draws the QR code with DOM calls: nothing here for Trusted Types to refuse.
const enroll = document.getElementById('enroll');
enroll.addEventListener('totp-enroll-created', (e) => {
  totp.factorSid = e.detail.factorSid;
});
