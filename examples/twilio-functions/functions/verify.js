// POST /verify {action, identity, factorSid?, challengeSid?, code?}: Verify TOTP for
// <totp-verify verify-url="https://YOUR-SERVICE.twil.io/verify">, at most 5 code checks
// per identity in 10 minutes. Credentials come from the service's environment variables.
let verify; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  verify ??= import('twilio-widgets/server').then(({ createVerifyFunction, createEmulatorHttpClient }) =>
    createVerifyFunction((ctx) => ({
      // Without a Twilio account: TWILIO_EMULATOR_URL points at the emulator (twilio-widgets/emulator).
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    })),
  );
  verify.then((handle) => handle(context, event, callback), callback);
};
