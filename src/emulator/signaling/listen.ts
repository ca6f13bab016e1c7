/**
 * The frames of a client before any call: `listen` (access token validation
 * like Twilio's, then `connected` with the edge) and `register` (incoming
 * calls on or off).
 */
import { validateAccessToken } from '../auth/access-token.js';
import { INVALID_CLIENT_NAME, identityProblem } from '../auth/identity.js';
import type { EmulatorAccount } from '../auth/test-accounts.js';
import type { SignalingFaults } from './faults.js';
import type { RegistrationTracker } from './registrations.js';
import type { Session } from './session.js';

export interface ListenContext {
  accounts: readonly EmulatorAccount[];
  faults: SignalingFaults;
  registrations: RegistrationTracker | undefined;
  log: (line: string) => void;
}

/** `listen`: the access token checked (then `connected`), or the socket failed with Twilio's code. */
export function onListen(session: Session, payload: Record<string, unknown>, ctx: ListenContext): void {
  const { faults } = ctx;
  if (faults.dropOnListen) {
    ctx.log(`socket #${session.id}: dropOnListen fault, terminating`);
    session.terminate();
    return;
  }
  if (faults.errorOnListen) {
    ctx.log(`socket #${session.id}: errorOnListen fault (${faults.errorOnListen.code})`);
    session.fail(faults.errorOnListen);
    return;
  }
  const now = Date.now() / 1000;
  const result = validateAccessToken(payload.token, ctx.accounts, now);
  if (!result.ok) {
    ctx.log(`socket #${session.id}: listen rejected: ${result.code} ${result.message}`);
    session.fail({ code: result.code, message: result.message });
    return;
  }
  const problem = result.identity ? identityProblem(result.identity) : null;
  if (problem) {
    ctx.log(`socket #${session.id}: listen rejected: ${INVALID_CLIENT_NAME.code} ${problem}`);
    session.fail({ code: INVALID_CLIENT_NAME.code, message: `${INVALID_CLIENT_NAME.message}: ${problem}` });
    return;
  }
  if (session.token && session.registered && session.token.identity !== result.identity) {
    session.registered = false; // a new identity must register again
    ctx.registrations?.forget(session);
  }
  session.token = result;
  ctx.log(`socket #${session.id}: listen ok for ${result.identity || '(no identity)'} at ${session.location.edge}`);
  session.send('connected', {
    region: session.location.region,
    edge: session.location.edge,
    home: 'us1',
    // Whole seconds, like Twilio: exp minus the current second (the full ttl right after minting, sometimes 1 s less).
    token: { identity: result.identity, ttl: Math.max(0, Math.floor(result.exp) - Math.floor(now)) },
  });
}

/** `register {media: {audio}}`: `ready` (registered for incoming calls) or `offline`. */
export function onRegister(session: Session, payload: Record<string, unknown>, ctx: ListenContext): void {
  if (!session.token) {
    session.send('error', { error: { code: 31204, message: 'JWT is invalid' } });
    return;
  }
  if (session.token.exp <= Date.now() / 1000) {
    ctx.log(`socket #${session.id}: register with expired token`);
    session.fail({ code: 31205, message: 'Cannot register. Token is expired' });
    return;
  }
  if (ctx.faults.neverAnswerRegister) return;
  if (!session.token.identity) {
    // Outgoing calls work without an identity (from client:Anonymous); incoming ones need a name to ring.
    ctx.log(`socket #${session.id}: register without an identity`);
    session.send('error', {
      error: { code: 31201, message: 'Authorization error: the access token has no identity, so it cannot register for incoming calls' },
    });
    return;
  }
  const media = (payload.media ?? {}) as Record<string, unknown>;
  if (media.audio === true) {
    session.registered = true;
    session.registeredAt = Date.now();
    ctx.registrations?.registered(session);
    ctx.log(`socket #${session.id}: ${session.identity} registered`);
    session.send('ready', {});
  } else {
    session.registered = false;
    ctx.registrations?.forget(session);
    ctx.log(`socket #${session.id}: ${session.identity} unregistered`);
    session.send('offline', {});
  }
}
