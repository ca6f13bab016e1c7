import { createTokenEndpoint, createVerifyEndpoint, createEmulatorHttpClient, getCookie, HttpError } from 'twilio-widgets/server';
import { userForSession } from './sessions.mjs';

const env = process.env;
const credentials = {
  accountSid: env.TWILIO_ACCOUNT_SID,
  apiKeySid: env.TWILIO_API_KEY,
  apiKeySecret: env.TWILIO_API_SECRET,
  // Development without a Twilio account: send Twilio's API calls to the emulator.
  ...(env.TWILIO_EMULATOR_URL ? { httpClient: createEmulatorHttpClient(env.TWILIO_EMULATOR_URL) } : {}),
};

/** Only the page's signed-in user, by the session cookie your login set, and only as themselves. */
async function signedInUser(req) {
  const user = await userForSession(getCookie(req.headers.cookie, 'sid'));
  if (!user) throw new HttpError(401, 'Sign in first');
  return user.id;
}

export const token = createTokenEndpoint({ ...credentials, twimlAppSid: env.TWILIO_TWIML_APP_SID, identity: signedInUser });
export const verify = createVerifyEndpoint({ ...credentials, verifyServiceSid: env.TWILIO_VERIFY_SERVICE_SID, identity: signedInUser });
