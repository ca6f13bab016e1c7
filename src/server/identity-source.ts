/**
 * Where an endpoint gets the user's identity. The safe answer is the app's own session,
 * through an `identity(req)` hook; an identity the browser sends is only ever taken with
 * an explicit `unsafeClientIdentity: true` (demos and tests), which warns once per process.
 */
import { type ParsedRequest, HttpError } from './endpoint.js';
import { hookError } from './endpoint-kit.js';

export type IdentityHook<N> = (req: ParsedRequest<N>) => string | Promise<string>;

export interface IdentitySourceOptions<N> {
  /** The signed-in user's identity from your app's session. Throw `new HttpError(401, …)` to refuse. */
  identity?: IdentityHook<N>;
  /**
   * Demos and tests only: take `identity` from the request (query or JSON body), so any
   * caller can act for any identity. Logs a warning once when the endpoint is built.
   */
  unsafeClientIdentity?: boolean;
}

export type IdentitySource<N> = { kind: 'hook'; hook: IdentityHook<N> } | { kind: 'client' };

const warned = new Set<string>();

function missingHookMessage(factory: string): string {
  return (
    `twilio-widgets/server: ${factory} needs an \`identity\` option: a function that returns the ` +
    `signed-in user's identity from your app's session, for example\n` +
    `  { ..., identity: (req) => sessionUser(req.headers.cookie) }\n` +
    `  // throw new HttpError(401, 'Sign in first') when there is no session\n` +
    `For demos and tests only, \`unsafeClientIdentity: true\` takes the identity from the request instead ` +
    `(then any caller can act for any user).`
  );
}

/**
 * Checks the options once, when the endpoint is built. `required`: without a hook (or the
 * explicit opt-out) construction throws a TypeError that names the option.
 */
export function identitySource<N>(factory: string, opts: IdentitySourceOptions<N>, required: boolean): IdentitySource<N> | undefined {
  const { identity, unsafeClientIdentity } = opts;
  if (identity !== undefined && typeof identity !== 'function') {
    throw new TypeError(
      `twilio-widgets/server: ${factory}'s \`identity\` option must be a function (req) => string, got ${identity === null ? 'null' : typeof identity}`,
    );
  }
  if (unsafeClientIdentity !== undefined && typeof unsafeClientIdentity !== 'boolean') {
    throw new TypeError(`twilio-widgets/server: ${factory}'s \`unsafeClientIdentity\` option must be true or false`);
  }
  if (identity && unsafeClientIdentity) {
    throw new TypeError(`twilio-widgets/server: ${factory} got both \`identity\` and \`unsafeClientIdentity: true\`; pass only \`identity\``);
  }
  if (identity) return { kind: 'hook', hook: identity };
  if (unsafeClientIdentity) {
    warnOnce(factory);
    return { kind: 'client' };
  }
  if (required) throw new TypeError(missingHookMessage(factory));
  return undefined;
}

function warnOnce(factory: string): void {
  if (warned.has(factory)) return;
  warned.add(factory);
  process.emitWarning(
    `${factory} takes the identity from the request (unsafeClientIdentity: true): any caller can act for any user. For demos and tests only; pass an \`identity(req)\` hook that reads your session.`,
    { type: 'SecurityWarning', code: 'TWILIO_WIDGETS_UNSAFE_CLIENT_IDENTITY' },
  );
}

/** The identity a request claims for itself (`unsafeClientIdentity` only): the JSON body's, else the query's. */
export function claimedIdentity(req: ParsedRequest<unknown>): unknown {
  return req.body.identity !== undefined ? req.body.identity : (req.query.get('identity') ?? undefined);
}

/**
 * Whom a request acts for: the hook's identity (a request that claims another one → 403), or
 * with the unsafe opt-out the one it claims. An identity that does not match `valid` (from the
 * hook or the request) → `invalid()`, the endpoint's own 400.
 */
export async function resolveIdentity<N>(source: IdentitySource<N>, req: ParsedRequest<N>, valid: RegExp, invalid: () => HttpError): Promise<string> {
  const claimed = claimedIdentity(req);
  if (source.kind === 'client') {
    if (typeof claimed !== 'string' || !valid.test(claimed)) throw invalid();
    return claimed;
  }
  let identity: string;
  try {
    identity = await source.hook(req);
  } catch (err) {
    throw hookError(err);
  }
  if (typeof identity !== 'string' || !valid.test(identity)) throw invalid();
  if (claimed !== undefined && claimed !== identity) throw new HttpError(403, 'The identity does not match the signed-in user');
  return identity;
}
