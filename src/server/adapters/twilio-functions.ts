/**
 * Twilio Functions adapter: `exports.handler = (context, event, callback)`.
 *
 * `createTokenFunction()` / `createVerifyFunction()` / `createVoiceFunction()` /
 * `createCallControlFunction()` take their credentials from the
 * Functions `context` (the service's environment variables), build the endpoint once and
 * keep it while the container is warm, so the credentials check is cached there as
 * everywhere else. `toTwilioFunction(endpoint)` wraps an endpoint you built yourself.
 *
 * What the Functions runtime decides for you: it answers `OPTIONS` itself, does not say
 * which method was used, parses the body and merges it with the query into `event`, and
 * hides the caller's address (so only the per-identity attempt limit applies). Headers and
 * cookies arrive in `event.request` (runtime handler 1.2 and later).
 */
import type { Endpoint, EndpointRequest, EndpointResponse } from '../endpoint.js';
import { errorBody, jsonResponse } from '../endpoint.js';
import { type TokenEndpointOptions, createTokenEndpoint } from '../token-endpoint.js';
import { identitySource } from '../identity-source.js';
import { type VerifyEndpointOptions, createVerifyEndpoint } from '../verify-endpoint.js';
import { type VoiceEndpointOptions, createVoiceEndpoint } from '../voice-endpoint.js';
import { type CallControlEndpointOptions, createCallControlEndpoint } from '../call-control-endpoint.js';

/** The Functions `context`: the service's environment variables plus the runtime's own fields. */
export interface TwilioFunctionContext {
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  /** The Function's path, e.g. `/token`. */
  PATH?: string;
  [name: string]: unknown;
}

/** The Functions `event`: query and body fields, and the request's headers and cookies. */
export interface TwilioFunctionEvent {
  request?: { headers?: Record<string, string | string[] | undefined>; cookies?: Record<string, string> };
  [field: string]: unknown;
}

export type TwilioFunctionCallback = (error: unknown, response?: unknown) => void;
export type TwilioFunctionHandler = (context: TwilioFunctionContext, event: TwilioFunctionEvent, callback: TwilioFunctionCallback) => Promise<void>;

/** What a hook sees as `req.native` inside Twilio Functions. */
export interface TwilioFunctionNative {
  context: TwilioFunctionContext;
  event: TwilioFunctionEvent;
}

interface TwilioResponseLike {
  setStatusCode(status: number): unknown;
  setHeaders(headers: Record<string, string>): unknown;
  setBody(body: unknown): unknown;
}

function twilioResponse(out: EndpointResponse): TwilioResponseLike {
  const Ctor = (globalThis as { Twilio?: { Response?: new () => TwilioResponseLike } }).Twilio?.Response;
  if (!Ctor) throw new Error('twilio-widgets/server: no global Twilio.Response; this handler runs inside Twilio Functions (or twilio-run)');
  const response = new Ctor();
  response.setStatusCode(out.status);
  response.setHeaders({ ...out.headers });
  response.setBody(out.body);
  return response;
}

function serializeCookies(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('; ');
}

/** The endpoint's view of one Functions invocation. */
export function functionEndpointRequest(context: TwilioFunctionContext, event: TwilioFunctionEvent): EndpointRequest<TwilioFunctionNative> {
  const { request, ...fields } = event ?? {};
  const headers: Record<string, string | string[] | undefined> = { ...(request?.headers ?? {}) };
  if (!headers.cookie && request?.cookies && Object.keys(request.cookies).length) headers.cookie = serializeCookies(request.cookies);
  return {
    // The runtime answers OPTIONS itself and does not pass the method on; the widgets POST.
    method: 'POST',
    url: typeof context?.PATH === 'string' ? context.PATH : '/',
    headers,
    parsedBody: fields,
    native: { context, event },
  };
}

async function answer(endpoint: () => Endpoint, context: TwilioFunctionContext, event: TwilioFunctionEvent, callback: TwilioFunctionCallback): Promise<void> {
  let out: EndpointResponse;
  try {
    out = await endpoint()(functionEndpointRequest(context, event));
  } catch (err) {
    const message = err instanceof ConfigurationError ? err.message : 'Internal server error';
    out = jsonResponse(500, errorBody(500, message));
  }
  try {
    callback(null, twilioResponse(out));
  } catch (err) {
    callback(err);
  }
}

export function toTwilioFunction(endpoint: Endpoint): TwilioFunctionHandler {
  return (context, event, callback) => answer(() => endpoint, context, event, callback);
}

class ConfigurationError extends Error {}

/** Options for the Functions endpoints: fixed, or computed from the context when the endpoint is built. */
export type TwilioFunctionOptions<T> = T | ((context: TwilioFunctionContext) => T);

function contextString(context: TwilioFunctionContext, name: string): string | undefined {
  const v = context?.[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function corsFromContext(context: TwilioFunctionContext) {
  const list = contextString(context, 'CORS_ORIGINS');
  return list
    ? {
        cors: {
          origins: list
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }
    : {};
}

/** Builds the endpoint from the context once, again only if those values change (a redeploy with new variables). */
function fromContext(
  kind: string,
  read: (context: TwilioFunctionContext) => { values: Record<string, string | undefined>; required: string[] },
  build: (values: Record<string, string | undefined>, context: TwilioFunctionContext) => Endpoint,
): TwilioFunctionHandler {
  let key: string | undefined;
  let endpoint: Endpoint | undefined;
  return (context, event, callback) =>
    answer(
      () => {
        const { values, required } = read(context);
        const missing = required.filter((name) => !values[name]);
        if (missing.length) {
          throw new ConfigurationError(
            `The ${kind} Function is missing the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (Functions service settings, or .env for twilio-run)`,
          );
        }
        const k = JSON.stringify(values);
        if (!endpoint || k !== key) {
          try {
            endpoint = build(values, context);
          } catch (err) {
            // A missing identity hook or a bad option: say which, in the 500 the caller sees.
            if (err instanceof TypeError || err instanceof RangeError) throw new ConfigurationError(err.message);
            throw err;
          }
          key = k;
        }
        return endpoint;
      },
      context,
      event,
      callback,
    );
}

function resolveOptions<T>(options: TwilioFunctionOptions<T> | undefined, context: TwilioFunctionContext): T | undefined {
  return typeof options === 'function' ? (options as (c: TwilioFunctionContext) => T)(context) : options;
}

/**
 * The token endpoint as a Twilio Function. Environment: `ACCOUNT_SID` (set by Twilio),
 * `API_KEY`, `API_SECRET`, `TWIML_APP_SID`; optional `CORS_ORIGINS` (comma-separated).
 */
export function createTokenFunction(options?: TwilioFunctionOptions<Partial<TokenEndpointOptions<TwilioFunctionNative>>>): TwilioFunctionHandler {
  if (typeof options !== 'function') identitySource('the token endpoint', options ?? {}, false);
  return fromContext(
    'token',
    (context) => ({
      values: {
        ACCOUNT_SID: contextString(context, 'ACCOUNT_SID'),
        API_KEY: contextString(context, 'API_KEY'),
        API_SECRET: contextString(context, 'API_SECRET'),
        TWIML_APP_SID: contextString(context, 'TWIML_APP_SID'),
        CORS_ORIGINS: contextString(context, 'CORS_ORIGINS'),
      },
      required: ['ACCOUNT_SID', 'API_KEY', 'API_SECRET', 'TWIML_APP_SID'],
    }),
    (v, context) =>
      createTokenEndpoint<TwilioFunctionNative>({
        accountSid: v.ACCOUNT_SID!,
        apiKeySid: v.API_KEY!,
        apiKeySecret: v.API_SECRET!,
        twimlAppSid: v.TWIML_APP_SID!,
        ...corsFromContext(context),
        ...resolveOptions(options, context),
      }),
  );
}

/**
 * The verify endpoint as a Twilio Function. Environment: `ACCOUNT_SID` and `AUTH_TOKEN`
 * (set by Twilio) or `API_KEY` + `API_SECRET`, `VERIFY_SERVICE_SID`; optional `CORS_ORIGINS`.
 * Options must include `identity(req)` (the caller's identity from a signed cookie or header
 * your app set; `req.native.event.request` has the headers and cookies).
 */
export function createVerifyFunction(options?: TwilioFunctionOptions<Partial<VerifyEndpointOptions<TwilioFunctionNative>>>): TwilioFunctionHandler {
  // Options known now are checked now: a missing identity hook fails the deploy, not the first user.
  if (typeof options !== 'function') identitySource('the verify endpoint', options ?? {}, true);
  return fromContext(
    'verify',
    (context) => {
      const values = {
        ACCOUNT_SID: contextString(context, 'ACCOUNT_SID'),
        API_KEY: contextString(context, 'API_KEY'),
        API_SECRET: contextString(context, 'API_SECRET'),
        AUTH_TOKEN: contextString(context, 'AUTH_TOKEN'),
        VERIFY_SERVICE_SID: contextString(context, 'VERIFY_SERVICE_SID'),
        CORS_ORIGINS: contextString(context, 'CORS_ORIGINS'),
      };
      const auth = values.API_KEY || values.API_SECRET || !values.AUTH_TOKEN ? ['API_KEY', 'API_SECRET'] : ['AUTH_TOKEN'];
      return { values, required: ['ACCOUNT_SID', ...auth, 'VERIFY_SERVICE_SID'] };
    },
    (v, context) =>
      createVerifyEndpoint<TwilioFunctionNative>({
        accountSid: v.ACCOUNT_SID!,
        ...(v.API_KEY && v.API_SECRET ? { apiKeySid: v.API_KEY, apiKeySecret: v.API_SECRET } : { authToken: v.AUTH_TOKEN! }),
        verifyServiceSid: v.VERIFY_SERVICE_SID!,
        ...corsFromContext(context),
        ...resolveOptions(options, context),
      }),
  );
}

/** The credentials both call-control Functions read: `ACCOUNT_SID` + `AUTH_TOKEN` (set by Twilio), optional `API_KEY` + `API_SECRET`. */
function callControlValues(context: TwilioFunctionContext, extra: string[]) {
  const values: Record<string, string | undefined> = {
    ACCOUNT_SID: contextString(context, 'ACCOUNT_SID'),
    AUTH_TOKEN: contextString(context, 'AUTH_TOKEN'),
    API_KEY: contextString(context, 'API_KEY'),
    API_SECRET: contextString(context, 'API_SECRET'),
    CALLER_ID: contextString(context, 'CALLER_ID'),
    DOMAIN_NAME: contextString(context, 'DOMAIN_NAME'),
    CORS_ORIGINS: contextString(context, 'CORS_ORIGINS'),
  };
  for (const name of extra) values[name] = contextString(context, name);
  return {
    values,
    required: ['ACCOUNT_SID', 'AUTH_TOKEN', 'CALLER_ID', 'DOMAIN_NAME', ...(values.API_KEY || values.API_SECRET ? ['API_KEY', 'API_SECRET'] : [])],
  };
}

/** This Function's own URL as Twilio requests it: `https://<DOMAIN_NAME><PATH>` (http on twilio-run's `localhost`). */
function functionUrl(context: TwilioFunctionContext, domain: string, path?: string): string {
  const p = path ?? (typeof context.PATH === 'string' ? context.PATH : '/');
  const scheme = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domain) ? 'http' : 'https';
  return `${scheme}://${domain}${p.startsWith('/') ? p : `/${p}`}`;
}

function credentialsFrom(v: Record<string, string | undefined>) {
  return {
    accountSid: v.ACCOUNT_SID!,
    authToken: v.AUTH_TOKEN!,
    ...(v.API_KEY && v.API_SECRET ? { apiKeySid: v.API_KEY, apiKeySecret: v.API_SECRET } : {}),
  };
}

/**
 * The voice webhook as a Twilio Function (your TwiML app's Voice URL). Environment:
 * `ACCOUNT_SID`, `AUTH_TOKEN` and `DOMAIN_NAME` (set by Twilio), `CALLER_ID`; optional
 * `CALL_CONTROL_PATH` (default `/call-control`: the call-control Function, the conferences'
 * status callback), `API_KEY` + `API_SECRET`. Options must include `incomingIdentity`.
 */
export function createVoiceFunction(options: TwilioFunctionOptions<Partial<VoiceEndpointOptions<TwilioFunctionNative>>>): TwilioFunctionHandler {
  if (typeof options !== 'function' && typeof options?.incomingIdentity !== 'function') {
    throw new TypeError(
      'twilio-widgets/server: createVoiceFunction needs `incomingIdentity(params)`: which user takes an incoming call (or null to reject it)',
    );
  }
  return fromContext(
    'voice',
    (context) => callControlValues(context, ['CALL_CONTROL_PATH']),
    (v, context) =>
      createVoiceEndpoint<TwilioFunctionNative>({
        ...credentialsFrom(v),
        callerId: v.CALLER_ID!,
        publicUrl: functionUrl(context, v.DOMAIN_NAME!),
        statusCallbackUrl: functionUrl(context, v.DOMAIN_NAME!, v.CALL_CONTROL_PATH ?? '/call-control'),
        ...corsFromContext(context),
        ...(resolveOptions(options, context) as Pick<VoiceEndpointOptions<TwilioFunctionNative>, 'incomingIdentity'>),
      }),
  );
}

/**
 * The call-control endpoint as a Twilio Function. Environment: `ACCOUNT_SID`, `AUTH_TOKEN`
 * and `DOMAIN_NAME` (set by Twilio), `CALLER_ID`; optional `API_KEY` + `API_SECRET`,
 * `CORS_ORIGINS`. Options must include `identity(req)`, as for `createVerifyFunction`.
 */
export function createCallControlFunction(options?: TwilioFunctionOptions<Partial<CallControlEndpointOptions<TwilioFunctionNative>>>): TwilioFunctionHandler {
  if (typeof options !== 'function') identitySource('the call-control endpoint', options ?? {}, true);
  return fromContext(
    'call-control',
    (context) => callControlValues(context, []),
    (v, context) =>
      createCallControlEndpoint<TwilioFunctionNative>({
        ...credentialsFrom(v),
        callerId: v.CALLER_ID!,
        publicUrl: functionUrl(context, v.DOMAIN_NAME!),
        ...corsFromContext(context),
        ...resolveOptions(options, context),
      }),
  );
}
