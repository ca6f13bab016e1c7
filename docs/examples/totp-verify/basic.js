const enroll = document.getElementById('verify-enroll');
const verify = document.getElementById('verify-basic');
const log = document.getElementById('verify-basic-log');
const write = (line) => log.append(`${line}\n`);

// A code needs a factor: enrol one above, then the field checks codes against it.
enroll.addEventListener('totp-enroll-verified', (e) => {
  verify.factorSid = e.detail.factorSid;
  verify.disabled = false;
  write(`factor ${e.detail.factorSid} ready: type a new code below`);
});
verify.addEventListener('totp-verify-send', (e) => write(`sending ${Object.keys(e.detail.body).join(', ')}`));
verify.addEventListener('totp-verify-result', (e) => write(`outcome: ${e.detail.outcome}`));
verify.addEventListener('totp-verify-success', () => write('verified: sign the user in'));
