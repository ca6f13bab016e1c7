const enroll = document.getElementById('enroll-basic');
const log = document.getElementById('enroll-basic-log');
const write = (line) => log.append(`${line}\n`);

// Each detail carries the factor's SID, never its secret.
enroll.addEventListener('totp-enroll-created', (e) => write(`created ${e.detail.factorSid}: scan the code`));
enroll.addEventListener('totp-enroll-verified', (e) => write(`verified ${e.detail.factorSid}: save it for this user`));
enroll.addEventListener('totp-enroll-error', (e) => write(`${e.detail.stage}: ${e.detail.outcome}${e.detail.fatal ? ' (start again)' : ''}`));
