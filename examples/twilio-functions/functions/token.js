// GET|POST /token → {identity, token}: the Voice access token for
// <twilio-phone token-url="https://YOUR-SERVICE.twil.io/token">.
// Credentials come from the service's environment variables (.env.example).
let token; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  token ??= import('twilio-widgets/server').then(({ createTokenFunction, createEmulatorHttpClient }) =>
    createTokenFunction((ctx) => ({
      // Each caller gets a random identity, like Twilio's quickstart. To tie it to your
      // users, add `identity: (req) => …` that reads your session (req.headers.cookie).
      // Without a Twilio account: TWILIO_EMULATOR_URL points at the emulator (twilio-widgets/emulator).
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    })),
  );
  token.then((handle) => handle(context, event, callback), callback);
};
