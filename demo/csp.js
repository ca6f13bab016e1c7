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
document.getElementById('enrol').addEventListener('click', async () => {
  const res = await fetch('/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'enroll', identity }),
  });
  const factor = await res.json();
  totp.factorSid = factor.factorSid;
  document.getElementById('secret').textContent = factor.secret;
});
