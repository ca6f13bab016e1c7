const phone = document.getElementById('phone-events');
const log = document.getElementById('phone-events-log');
const write = (line) => log.append(`${line}\n`);

phone.addEventListener('twilio-phone-state-change', ({ detail }) => write(`state: ${detail.state}`));
phone.addEventListener('twilio-phone-call-state-change', ({ detail }) => {
  write(`call: ${detail.callState} (${detail.direction}, ${detail.remote})`);
});
phone.addEventListener('twilio-phone-call-quality', ({ detail }) => {
  if (detail.level) write(`quality: ${detail.level}, MOS ${detail.mos}`);
});
phone.addEventListener('twilio-phone-error', ({ detail }) => write(`error: ${detail.error.message}`));

// "echo" is the emulator's echo line; with real Twilio, a number or client:name.
document.getElementById('phone-events-call').addEventListener('click', () => phone.call('echo'));
document.getElementById('phone-events-hangup').addEventListener('click', () => phone.hangup());
