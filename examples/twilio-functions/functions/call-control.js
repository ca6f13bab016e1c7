// POST /call-control: the phone's call-control actions (JSON {action, callSid, ...}) for the
// signed-in user of <twilio-phone call-control-url="https://YOUR-SERVICE.twil.io/call-control">,
// who may act only on a call they are in; and the conferences' status callbacks from Twilio
// (signed), relayed to every phone in the call. The identity is the signed session's
// (session.private.js). Credentials come from the environment.
let callControl; // built on the first call, kept while the container is warm

exports.handler = (context, event, callback) => {
  callControl ??= import('twilio-widgets/server').then(({ createCallControlFunction, createEmulatorHttpClient }) => {
    const { sessionIdentity } = require(Runtime.getFunctions().session.path);
    return createCallControlFunction((ctx) => ({
      identity: sessionIdentity,
      ...(ctx.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(ctx.TWILIO_EMULATOR_URL) } : {}),
    }));
  });
  callControl.then((handle) => handle(context, event, callback), callback);
};
