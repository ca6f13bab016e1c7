// GET|POST /token → {identity, token}: the Voice access token for the signed-in user of
// <twilio-phone token-url="https://YOUR-SERVICE.twil.io/token">. The identity is the signed
// session's (session.private.js: the __Host-session cookie or an Authorization: Bearer
// header); without one the answer is 401. Credentials come from the environment (.env.example).
let token; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  token ??= import('twilio-widgets/server').then(({ createTokenFunction, createEmulatorHttpClient }) => {
    const { sessionIdentity } = require(Runtime.getFunctions().session.path);
    return createTokenFunction((ctx) => ({
      identity: sessionIdentity,
      // Without a Twilio account: TWILIO_EMULATOR_URL points at the emulator (twilio-widgets/emulator).
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    }));
  });
  token.then((handle) => handle(context, event, callback), callback);
};
