// The token is signed with a secret Twilio does not know: a valid-looking JWT that only
// Twilio can refuse. The phone says so after one signaling round trip, and stops retrying.
// Listen first, then start: an `autostart` phone can be refused before a later script listens.
const phone = document.getElementById('phone-wrong');
phone.addEventListener('twilio-phone-bad-credentials', (e) => {
  document.getElementById('phone-wrong-log').textContent = `bad-credentials from ${e.detail.source}: ${e.detail.error.code} ${e.detail.error.message}`;
});
await customElements.whenDefined('twilio-phone');
phone.start();
