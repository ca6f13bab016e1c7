/**
 * The phone's state machine as a pure reducer: SDK and token events in, the
 * next state plus the effects the controller must run out. This is where
 * "offline before ready with an auth error is bad-credentials" lives.
 */
import type { ErrorClass } from './twilio-errors.js';
import type { BadCredentialsSource, PhoneError, PhoneFailReason, PhoneState, PhoneStateReason } from './phone-state.js';
import type { TokenFailure } from './token-source.js';
import type { SuspectReason } from './page-liveness.js';

export interface PhoneSnapshot {
  state: PhoneState;
  /** reached `ready` since the last start */
  everReady: boolean;
  /** the token in use was fetched for this start or for an expiry recovery and has not registered yet */
  tokenFresh: boolean;
  /** tokens re-fetched because Twilio said the token expired, since the last `ready` */
  expiryRefetches: number;
  /** such a re-fetch is in flight: further expiry errors are about the old token */
  refetchingAfterExpiry: boolean;
  registered: boolean;
  inCall: boolean;
  /**
   * Checking a registration in doubt (the page was frozen or paused): `running` until the SDK says
   * `registered` again; `failed` when the check timed out during a call, so the Device is rebuilt
   * when the call ends.
   */
  recheck: 'none' | 'running' | 'failed';
}

export type PhoneInput =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'token-received'; afterExpiry?: boolean }
  /** the token source gave no usable token (`obtainToken`'s failure) */
  | { type: 'token-failed'; failure: TokenFailure }
  | { type: 'registered' }
  | { type: 'unregistered' }
  /** an SDK error, classified where it arose (`sdkErrorInput`, core/twilio-errors.ts): only code that has an SDK needs the tables */
  | { type: 'sdk-error'; kind: ErrorClass; error: PhoneError }
  | { type: 'watchdog'; timeoutMs: number }
  | { type: 'call-active' }
  | { type: 'call-idle' }
  /** the page did not run for a while, or was hidden long: the gateway may have stopped delivering calls */
  | { type: 'suspect-unreachable'; reason: SuspectReason }
  /** the registration check did not confirm in time */
  | { type: 'recheck-failed' }
  /** single-tab: another tab of this origin and identity holds the phone */
  | { type: 'standby' }
  /** single-tab: this tab leads now (the other closed, or the person took over) */
  | { type: 'leader' }
  /** a terminal failure found outside the SDK: unsupported browser, SDK failed to load, microphone */
  | { type: 'fail'; error: PhoneError; reason: PhoneFailReason };

/** What the controller must do for a transition; its dispatch is an exhaustive switch, so a new effect needs a handler. */
export const PHONE_EFFECTS = ['destroy-device', 'refetch-token', 'recheck-registration', 'rebuild-device'] as const;
export type PhoneEffect = (typeof PHONE_EFFECTS)[number];

export interface PhoneTransition {
  snapshot: PhoneSnapshot;
  /** why the state changed (machine-readable, for `state-change` events) */
  reason?: PhoneStateReason;
  /** an error worth the page's attention */
  error?: PhoneError;
  /** whether `error` ends the session */
  fatal?: boolean;
  badCredentials?: { source: BadCredentialsSource; error: PhoneError };
  effects: PhoneEffect[];
}

export const INITIAL_SNAPSHOT: PhoneSnapshot = {
  state: 'idle',
  everReady: false,
  tokenFresh: false,
  expiryRefetches: 0,
  refetchingAfterExpiry: false,
  registered: false,
  inCall: false,
  recheck: 'none',
};

const TERMINAL: ReadonlySet<PhoneState> = new Set(['idle', 'bad-credentials', 'error']);

function badCredentials(s: PhoneSnapshot, source: BadCredentialsSource, error: PhoneError, reason: PhoneStateReason): PhoneTransition {
  return {
    snapshot: { ...s, state: 'bad-credentials', registered: false, inCall: false },
    reason,
    error,
    fatal: true,
    badCredentials: { source, error },
    effects: ['destroy-device'],
  };
}

function failed(s: PhoneSnapshot, error: PhoneError, reason: PhoneStateReason): PhoneTransition {
  return {
    snapshot: { ...s, state: 'error', registered: false, inCall: false },
    reason,
    error,
    fatal: true,
    effects: ['destroy-device'],
  };
}

/** The state a live session shows when nothing is wrong with it. */
function settled(s: PhoneSnapshot): PhoneState {
  if (s.inCall) return 'busy';
  if (s.registered) return 'ready';
  return s.everReady ? 'offline' : 'registering';
}

const unchanged = (snapshot: PhoneSnapshot): PhoneTransition => ({ snapshot, effects: [] });

/** A re-fetch after expiry that failed does not count: the next expiry may re-fetch again. */
function afterFailedRefetch(s: PhoneSnapshot): PhoneSnapshot {
  return s.refetchingAfterExpiry ? { ...s, refetchingAfterExpiry: false, expiryRefetches: 0 } : s;
}

export function reducePhone(s: PhoneSnapshot, input: PhoneInput): PhoneTransition {
  switch (input.type) {
    case 'start':
      return {
        snapshot: { ...INITIAL_SNAPSHOT, state: 'fetching-token', tokenFresh: true },
        reason: 'started',
        effects: [],
      };
    case 'stop':
      return { snapshot: { ...INITIAL_SNAPSHOT }, reason: 'stopped', effects: ['destroy-device'] };
    default:
      break; // every other input: below, unless the state is terminal
  }
  if (TERMINAL.has(s.state)) return unchanged(s);

  switch (input.type) {
    case 'token-received': {
      // Only `registered` proves a token good: a routine refresh before that keeps it "fresh".
      const next = { ...s, tokenFresh: s.tokenFresh || s.state === 'fetching-token' || !!input.afterExpiry, refetchingAfterExpiry: false };
      if (s.state === 'fetching-token') return { snapshot: { ...next, state: 'registering' }, reason: 'token-received', effects: [] };
      return unchanged(next);
    }
    case 'token-failed': {
      const { failure } = input;
      // Refused or already expired: the credentials behind the source are wrong, whenever it happens.
      if (failure.kind === 'refused')
        return badCredentials(s, failure.source, failure.error, failure.source === 'fetch-token' ? 'fetch-token-refused' : 'token-url-refused');
      if (failure.kind === 'expired') return badCredentials(s, failure.source, failure.error, 'token-expired');
      // A failed refresh leaves a live session alone: the SDK says when the old token expires,
      // and an expiry after a failed re-fetch is worth another re-fetch, not a verdict.
      if (s.state !== 'fetching-token') return { snapshot: afterFailedRefetch(s), error: failure.error, fatal: false, effects: [] };
      return failed(s, failure.error, tokenFailureReason(failure));
    }
    case 'registered': {
      const next: PhoneSnapshot = { ...s, registered: true, everReady: true, tokenFresh: false, expiryRefetches: 0, recheck: 'none' };
      return transitionTo(s, { ...next, state: settled(next) }, s.everReady ? 'reconnected' : 'registered');
    }
    case 'unregistered': {
      const next = { ...s, registered: false };
      if (s.state === 'fetching-token') return unchanged(next);
      // Before the first `ready` the SDK keeps retrying: show it as offline; an
      // auth error arriving now or later still turns it into bad-credentials.
      return transitionTo(s, { ...next, state: next.inCall ? 'busy' : 'offline' }, 'signaling-lost');
    }
    case 'sdk-error': {
      const { kind, error } = input;
      if (kind === 'credentials') return badCredentials(s, 'twilio', error, 'twilio-rejected-token');
      if (kind === 'token-expired') {
        // Still about the old token: the re-fetched one has not arrived yet.
        if (s.refetchingAfterExpiry) return { snapshot: s, error, fatal: false, effects: [] };
        if (s.tokenFresh || s.expiryRefetches >= 1) return badCredentials(s, 'twilio', error, 'twilio-rejected-fresh-token');
        return {
          snapshot: { ...s, expiryRefetches: s.expiryRefetches + 1, refetchingAfterExpiry: true },
          error,
          fatal: false,
          effects: ['refetch-token'],
        };
      }
      return { snapshot: s, error, fatal: false, effects: [] };
    }
    case 'watchdog': {
      if (s.registered) return unchanged(s);
      return failed(s, { message: `Registration did not complete within ${Math.round(input.timeoutMs / 100) / 10} s.` }, 'register-timeout');
    }
    case 'fail':
      return failed(s, input.error, input.reason);
    case 'call-active': {
      const next = { ...s, inCall: true };
      return transitionTo(s, { ...next, state: 'busy' }, 'call-started');
    }
    case 'call-idle': {
      const next = { ...s, inCall: false };
      // single-tab: the call that outlived the lead ended and the phone stood by first.
      if (s.state === 'standby') return unchanged(next);
      const t = transitionTo(s, { ...next, state: settled(next) }, 'call-ended');
      // A check that failed during the call: the Device can be rebuilt now that no call needs it.
      return s.recheck === 'failed' ? { ...t, effects: ['rebuild-device'] } : t;
    }
    case 'suspect-unreachable': {
      // Only a registration the phone vouches for is in doubt; while offline the SDK is already
      // reconnecting, and a check in progress already answers the question.
      if (!s.registered || s.recheck !== 'none' || s.state === 'standby') return unchanged(s);
      const next: PhoneSnapshot = { ...s, registered: false, recheck: 'running' };
      return { ...transitionTo(s, { ...next, state: settled(next) }, input.reason), effects: ['recheck-registration'] };
    }
    case 'recheck-failed': {
      if (s.recheck !== 'running') return unchanged(s);
      if (s.inCall) return unchanged({ ...s, recheck: 'failed' });
      return { snapshot: s, effects: ['rebuild-device'] };
    }
    case 'standby': {
      const next: PhoneSnapshot = { ...s, state: 'standby', registered: false, inCall: false, recheck: 'none', everReady: false };
      return { ...transitionTo(s, next, 'another-tab'), effects: ['destroy-device'] };
    }
    case 'leader': {
      if (s.state !== 'standby') return unchanged(s);
      return transitionTo(s, { ...s, state: 'registering' }, 'leader');
    }
  }
}

/** The `error` reason of a token failure at start. */
function tokenFailureReason(failure: TokenFailure): PhoneStateReason {
  switch (failure.kind) {
    case 'no-source':
      return 'no-token-source';
    case 'malformed':
      return 'token-malformed';
    default:
      return failure.source === 'fetch-token' ? 'fetch-token-failed' : 'token-url-failed';
  }
}

function transitionTo(prev: PhoneSnapshot, next: PhoneSnapshot, reason: PhoneStateReason): PhoneTransition {
  return next.state === prev.state ? { snapshot: next, effects: [] } : { snapshot: next, reason, effects: [] };
}
