const phone = document.getElementById('phone-basic');
const state = document.getElementById('phone-basic-state');
phone.addEventListener('twilio-phone-state-change', (e) => {
  state.textContent = `Phone state: ${e.detail.state}${e.detail.reason ? ` (${e.detail.reason})` : ''}`;
});
