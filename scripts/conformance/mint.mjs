// Access tokens as twilio-node 3.x (the version twilio-voice.js 2.18.3 tests
// with) writes them: HS256, `cty: twilio-fpa;v=1`, identity optional (the
// connectToken spec mints tokens without one).
import { createHmac } from 'node:crypto';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function mintAccessToken({ accountSid, keySid, secret, ttl = 3600, identity, incomingAllow, outgoingApplicationSid }) {
  if (typeof accountSid !== 'string' || typeof keySid !== 'string' || typeof secret !== 'string') {
    throw new TypeError('accountSid, keySid and secret are required');
  }
  const now = Math.floor(Date.now() / 1000);
  const voice = {};
  if (incomingAllow === true) voice.incoming = { allow: true };
  if (outgoingApplicationSid) voice.outgoing = { application_sid: outgoingApplicationSid };
  const grants = { voice };
  if (typeof identity === 'string' || Number.isInteger(identity)) grants.identity = String(identity);
  const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
  const payload = { jti: `${keySid}-${now}`, grants, iat: now, exp: now + Number(ttl), iss: keySid, sub: accountSid };
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
