// Mints real Voice access tokens with the `twilio` package, for the emulator's
// built-in account or deliberately wrong variants of it.
import twilio from 'twilio';
import { DEFAULT_ACCOUNT } from '../../dist/emulator/auth/test-accounts.js';

const { AccessToken } = twilio.jwt;
const { VoiceGrant } = AccessToken;

/** @param {{variant?: string, identity?: string, ttl?: number, app?: string}} opts `app`: the outgoing TwiML application (default the account's) */
export function mintToken({ variant = 'good', identity = 'alice', ttl = 600, app } = {}) {
  const key = DEFAULT_ACCOUNT.apiKeys[0];
  let accountSid = DEFAULT_ACCOUNT.accountSid;
  let keySid = key.sid;
  let secret = key.secret;
  if (variant === 'wrong-secret') secret = 'not-the-secret-' + 'x'.repeat(16);
  if (variant === 'unknown-account') accountSid = 'AC' + '12'.repeat(16);
  if (variant === 'unknown-key') keySid = 'SK' + '34'.repeat(16);
  const token = new AccessToken(accountSid, keySid, secret, {
    identity,
    ttl: variant === 'expired' ? 1 : ttl,
    ...(variant === 'expired' ? { nbf: undefined } : {}),
  });
  if (variant !== 'no-voice') {
    token.addGrant(new VoiceGrant({ outgoingApplicationSid: app ?? DEFAULT_ACCOUNT.twimlAppSid, incomingAllow: true }));
  }
  if (variant === 'expired') {
    // Backdate: issued an hour ago, expired a minute ago, signed correctly.
    const now = Math.floor(Date.now() / 1000);
    const jwt = token.toJwt();
    return resign(jwt, secret, { iat: now - 3600, exp: now - 60 });
  }
  return token.toJwt();
}

import { createHmac } from 'node:crypto';
function resign(jwt, secret, patch) {
  const [h, p] = jwt.split('.');
  const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), ...patch };
  const body = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
