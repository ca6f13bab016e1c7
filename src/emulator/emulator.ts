/**
 * twilio-widgets/emulator: a local Twilio for the demo and the tests.
 *
 * - `/signal`: Voice signaling WebSocket (the PStream protocol of
 *   @twilio/voice-sdk 2.x) that validates access tokens like Twilio does, with
 *   fault switches;
 * - outgoing calls run by TwiML applications (a signed webhook to the
 *   application's Voice URL, then <Dial>, <Say>, <Play>, <Pause>, <Hangup>,
 *   <Reject>; twiml/), or by the default application: `echo`,
 *   `tone`, `busy`, `no-answer`, `+E.164` and `client:<identity>`; incoming
 *   calls ring every registered device of an identity; WebRTC media from
 *   werift (media/), PCMU or Opus;
 * - the Twilio REST API subset the reference server uses (Accounts fetch,
 *   Verify TOTP; rest/);
 * - `/emulator/*`: a JSON control API (status, faults, ring/cancel/hang up,
 *   network impairments);
 * - local-only by construction (security/): the control API and `/signal`
 *   answer clients without an `Origin`, same-origin pages and allowed origins
 *   (loopback pages by default) only, the control API takes JSON only and an
 *   optional bearer token; webhooks go to loopback or listed hosts only (never
 *   link-local), checked again on the resolved addresses; every body is
 *   capped (64 KiB, 413) and so is every `/signal` frame;
 * - impaired networks: packet loss, jitter and delay on a call's media and
 *   signaling, per call or global, at run time (media/impairment.ts, media/impaired-media.ts).
 *
 * `createEmulator()` gives request/upgrade handlers to mount on an existing
 * server; `startEmulator()` runs its own HTTPS server with a fresh
 * self-signed certificate for localhost.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { DEFAULT_ACCOUNT, type EmulatorAccount } from './auth/test-accounts.js';
import { handleControlRequest } from './control/api.js';
import { controlSurface } from './control/surface.js';
import type { ControlTarget } from './control/target.js';
import { generateLocalhostCertificate, type TlsCertificate } from './http/certificate.js';
import { listenHttps } from './http/https-server.js';
import { withImpairments } from './media/impaired-media.js';
import { Impairments, type Impairment } from './media/impairment.js';
import { createTwilioRestApi } from './rest/api.js';
import type { ControlAccess } from './security/control-access.js';
import { checkControlToken } from './security/control-token.js';
import { exposureWarning, isLoopbackBindAddress } from './security/exposure-warning.js';
import { systemResolver, type HostResolver, type WebhookGuard } from './security/guarded-lookup.js';
import { normalizeAllowedOrigins } from './security/origins.js';
import { refuseUpgrade, signalUpgradeAllowed } from './security/signal-access.js';
import { parseWebhookHosts } from './security/webhook-hosts.js';
import { defaultFaults, type SignalingFaults } from './signaling/faults.js';
import { SignalingGateway } from './signaling/gateway.js';
import { RegistrationTracker } from './signaling/registrations.js';
import { ApplicationRegistry, type TwimlApplicationInput } from './twiml/applications.js';
import { statusCallbacks } from './twiml/status-callbacks.js';
import { numberApplications, twimlApplications, twimlRedirects } from './twiml/runner.js';
import type { MediaLegFactory } from './voice/types.js';
import { createVoice } from './voice/voice.js';

export { DEFAULT_ACCOUNT } from './auth/test-accounts.js';
export type { EmulatorAccount, EmulatorApiKey } from './auth/test-accounts.js';
export type { SignalingFaults, SignalingErrorSpec } from './signaling/faults.js';
export { defaultFaults } from './signaling/faults.js';
export type { Impairment, ImpairmentSnapshot } from './media/impairment.js';
export type { CallInfo, CallState, CallDirection, CallDestination, CallError, RingOptions, MediaLegFactory } from './voice/types.js';
export { EmulatorError } from './http/errors.js';
export type { TwimlApplication, TwimlApplicationInput, EmulatorPhoneNumber } from './twiml/applications.js';
export type { MediaLeg, MediaLegOptions, MediaMode, MediaStats } from './media/types.js';
export { validateAccessToken, TOKEN_ERRORS, MAX_TOKEN_TTL_SECONDS } from './auth/access-token.js';
export type { TokenValidation, ValidToken, InvalidToken } from './auth/access-token.js';
export { generateLocalhostCertificate } from './http/certificate.js';
export type { RegistrationInfo } from './signaling/registrations.js';
export type { TlsCertificate } from './http/certificate.js';
export type { HostResolver } from './security/guarded-lookup.js';

export interface EmulatorOptions {
  /** Port for startEmulator (0 = random). Default 0. */
  port?: number;
  /** Interface for startEmulator. Default '127.0.0.1'. */
  host?: string;
  /** Accounts whose tokens and REST credentials are accepted. Default [DEFAULT_ACCOUNT]. */
  accounts?: EmulatorAccount[];
  /**
   * TwiML applications by SID: an outgoing call whose token's outgoing grant names one
   * requests its Voice URL (signed with the account's auth token) and runs the TwiML.
   * Tokens naming another SID get the default application (the fixed destinations).
   */
  applications?: Record<string, TwimlApplicationInput>;
  /**
   * The account's phone numbers by E.164 number, each with its Voice URL: a <Dial> to one of
   * them runs that URL as an inbound call from the caller ID (a caller ID that is one of these
   * numbers gets STIR/SHAKEN attestation A, `StirStatus` in the callee's invite).
   */
  numbers?: Record<string, TwimlApplicationInput>;
  /** Initial fault switches (all off by default). */
  faults?: Partial<SignalingFaults>;
  /** Verify: pre-Oct-2021 wrong-code errors (403 60311/60324). */
  legacyTotpErrors?: boolean;
  /** Interval of the "\n" heartbeat on signaling sockets. Default 5000. */
  heartbeatMs?: number;
  /** A registration whose heartbeat stays unanswered this long turns stale: socket left open, calls to it end as no-answer. 0 = never. Default 15000. */
  staleAfterMs?: number;
  /** How long a call to `no-answer` rings before it fails with 31480. Default 8000. */
  noAnswerMs?: number;
  /** How long an answered call outlives its client's dropped signaling socket, waiting for the SDK's reconnect. Default 20000. */
  reconnectGraceMs?: number;
  /** How long the echo of a preflight test call (a call without `To`, `Device.runPreflight()`) lasts before the emulator hangs up. Default 10000. */
  preflightMs?: number;
  /** Initial global network impairment (loss, jitter, delay); none by default. */
  impairment?: Partial<Impairment>;
  /** Log sink (one line per event). Default: silent. */
  log?: (line: string) => void;
  /** For tests: replaces media/werift-leg.ts's media legs (e.g. with a fake that returns canned SDP). */
  mediaFactory?: MediaLegFactory;
  /** startEmulator only: use this certificate instead of generating one. */
  certificate?: TlsCertificate;
  /**
   * Browser origins (`https://host:port`) allowed to use the control API and `/signal`, besides
   * clients that send no `Origin` (tests, curl, Node) and same-origin pages on an IP literal.
   * The entry `'loopback'` stands for every http(s) origin on localhost, 127.0.0.0/8 or [::1],
   * any port. Replaces the default, `['loopback']`.
   */
  allowedOrigins?: string[];
  /** When set, every control API request must carry `Authorization: Bearer <controlToken>` (401 otherwise). Unset by default. Never logged. */
  controlToken?: string;
  /**
   * Hosts webhooks may be sent to besides loopback ones (`localhost`, 127.0.0.0/8, [::1]): host names
   * or IP addresses, `host` for any port or `host:port`. Link-local (169.254.0.0/16, fe80::/10) and
   * unspecified (0.0.0.0, ::) addresses are refused even if listed. Default: none.
   */
  webhookHosts?: string[];
  /** Resolves webhook host names (default: the system resolver); for tests that map names to addresses. */
  webhookLookup?: HostResolver;
}

/** The emulator: its HTTP entry points and the control surface (control/target.ts) tests drive. */
export interface Emulator extends ControlTarget {
  /** Answers `/emulator/*` (control API) and the Twilio REST API paths; false if the request is not the emulator's. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes WebSocket upgrades on `/signal`; false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every socket, media leg and timer. */
  close(): Promise<void>;
}

export interface RunningEmulator extends Emulator {
  /** https://localhost:PORT */
  url: string;
  port: number;
  /** 'localhost:PORT', for `<twilio-phone signaling-host>` / the SDK's chunderw. */
  signalingHost: string;
  stop(): Promise<void>;
}

let mediaModule: Promise<MediaLegFactory> | null = null;
function loadMediaFactory(): Promise<MediaLegFactory> {
  // Lazy: werift is only loaded when the first call needs media.
  mediaModule ??= import('./media/werift-leg.js').then((m) => m.createMediaLeg);
  return mediaModule;
}

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const accounts = opts.accounts ?? [DEFAULT_ACCOUNT];
  const log = opts.log ?? (() => undefined);
  const faults: SignalingFaults = { ...defaultFaults(), ...(opts.faults ?? {}) };
  const mediaFactory = opts.mediaFactory;
  const impairments = new Impairments(opts.impairment);
  const impair = (factory: MediaLegFactory) =>
    withImpairments(factory, { settings: (sid) => impairments.forCall(sid), onLegClosed: (sid) => impairments.forget(sid), log });
  const registrations = new RegistrationTracker({ staleAfterMs: opts.staleAfterMs ?? 15000, log });

  const origins = normalizeAllowedOrigins(opts.allowedOrigins);
  const webhookGuard: WebhookGuard = { hosts: parseWebhookHosts(opts.webhookHosts), resolve: opts.webhookLookup ?? systemResolver };
  const controlToken = checkControlToken(opts.controlToken);
  const access: ControlAccess = { origins, log, ...(controlToken !== undefined ? { token: controlToken } : {}) };
  const applications = new ApplicationRegistry(webhookGuard.hosts, opts.applications, opts.numbers);
  const twimlEnv = { authToken: (accountSid: string) => accounts.find((a) => a.accountSid === accountSid)?.authToken ?? '', webhookGuard, log };
  const callbacks = statusCallbacks(twimlEnv);
  const voice = createVoice({
    getMediaFactory: () => (mediaFactory ? Promise.resolve(mediaFactory) : loadMediaFactory()).then(impair),
    findClients: (identity) => gateway.findClients(identity),
    applications: twimlApplications(applications, twimlEnv),
    numberApplication: numberApplications(applications, twimlEnv),
    redirect: twimlRedirects(applications, twimlEnv),
    conferenceEvents: callbacks.conference,
    callProgress: callbacks.callProgress,
    noAnswerMs: opts.noAnswerMs ?? 8000,
    reconnectGraceMs: opts.reconnectGraceMs ?? 20000,
    preflightMs: opts.preflightMs ?? 10000,
    isStale: (peer) => registrations.isStale(peer),
    log,
  });
  const gateway: SignalingGateway = new SignalingGateway({
    accounts,
    faults: () => faults,
    heartbeatMs: opts.heartbeatMs ?? 5000,
    impairment: (sid) => impairments.forCall(sid),
    calls: voice.frames,
    registrations,
    log,
  });
  const rest = createTwilioRestApi({ accounts, legacyTotpErrors: !!opts.legacyTotpErrors, voice: voice.conferences });
  let closed = false;

  const parts = {
    faults,
    impairments,
    voice,
    gateway,
    registrations,
    applications,
    webhookHosts: webhookGuard.hosts,
    rest,
    legacyTotpErrors: !!opts.legacyTotpErrors,
    accountSid: accounts[0]?.accountSid ?? DEFAULT_ACCOUNT.accountSid,
    log,
  };
  const emulator: Emulator = controlSurface<Pick<Emulator, 'handleRequest' | 'handleUpgrade' | 'close'>>(parts, {
    handleRequest(req, res) {
      if (handleControlRequest(emulator, req, res, access)) return true;
      return rest.handleRequest(req, res);
    },
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/signal') return false;
      if (closed) {
        socket.destroy();
        return true;
      }
      if (!signalUpgradeAllowed(req, origins)) {
        log(`signaling upgrade refused: Origin ${JSON.stringify(req.headers.origin)} (Host ${JSON.stringify(req.headers.host)}) is not allowed`);
        refuseUpgrade(socket, req.headers.origin);
        return true;
      }
      return gateway.handleUpgrade(req, socket, head);
    },
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      registrations.close();
      await voice.close();
      rest.close();
    },
  });
  return emulator;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const cert = opts.certificate ?? (await generateLocalhostCertificate());
  const host = opts.host ?? '127.0.0.1';
  const server = await listenHttps(emulator, { cert, port: opts.port ?? 0, host });
  const port = server.port;
  if (!isLoopbackBindAddress(host)) process.stderr.write(exposureWarning(host, port) + '\n');
  let stopping: Promise<void> | null = null;
  const closeEmulator = emulator.close.bind(emulator);
  const stop = () => {
    stopping ??= closeEmulator().then(() => server.close());
    return stopping;
  };
  return Object.assign(emulator, {
    url: `https://localhost:${port}`,
    port,
    signalingHost: `localhost:${port}`,
    stop,
    close: stop,
  });
}
