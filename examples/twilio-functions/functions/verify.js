// POST /verify {action, factorSid?, challengeSid?, code?}: Verify TOTP for the signed-in user
// of <totp-verify verify-url="https://YOUR-SERVICE.twil.io/verify">, at most 5 code checks per
// identity in 10 minutes. The identity is the signed session's (session.private.js); a body
// `identity` naming anyone else is refused (403). Credentials come from the environment.
let verify; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  verify ??= import('twilio-widgets/server').then(({ createVerifyFunction, createEmulatorHttpClient }) => {
    const { sessionIdentity } = require(Runtime.getFunctions().session.path);
    return createVerifyFunction((ctx) => ({
      identity: sessionIdentity,
      // Without a Twilio account: TWILIO_EMULATOR_URL points at the emulator (twilio-widgets/emulator).
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    }));
  });
  verify.then((handle) => handle(context, event, callback), callback);
};
