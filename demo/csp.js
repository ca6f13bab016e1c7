// The strict-CSP demo page's script: no inline code, no eval, no HTML strings.
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile ?? ""}:${e.lineNumber} ${e.sample ?? ""}`);
  document.getElementById('violations').textContent = String(violations.length);
});
window.cspViolations = violations;

const config = await (await fetch('/config.json')).json();
const phone = document.getElementById('phone');
const identity = `csp-${Math.random().toString(36).slice(2, 8)}`;
phone.tokenUrl = `/token?identity=${identity}`;
if (config.signalingHost) phone.signalingHost = config.signalingHost;

const totp = document.getElementById('totp');
totp.identity = identity;
// <totp-enroll> draws the QR code with DOM calls: nothing here for Trusted Types to refuse.
const enroll = document.getElementById('enroll');
enroll.identity = identity;
enroll.addEventListener('totp-enroll-created', (e) => {
  totp.factorSid = e.detail.factorSid;
});
