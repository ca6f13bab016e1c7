// POST /voice: your TwiML app's Voice URL (and your numbers' "A call comes in" URL). Every call
// runs in a conference named for it, so <twilio-phone call-control-url> can hold, transfer and
// add people: an outgoing call from the phone dials its `To`; a call to one of your numbers
// rings the user INCOMING_IDENTITY names (look yours up in your own data instead). Twilio's
// signature is checked over https://DOMAIN_NAME/voice; a request without it gets 403.
let voice; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  voice ??= import('twilio-widgets/server').then(({ createVoiceFunction, createEmulatorHttpClient }) =>
    createVoiceFunction((ctx) => ({
      incomingIdentity: () => ctx.INCOMING_IDENTITY || null,
      // Without a Twilio account: TWILIO_EMULATOR_URL points at the emulator (twilio-widgets/emulator).
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    })),
  );
  voice.then((handle) => handle(context, event, callback), callback);
};
