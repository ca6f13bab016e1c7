/**
 * The control API's routes: path → method → handler. A handler returns the
 * answer (status and JSON body); a method the path does not take is a 405
 * listing the ones it does.
 */
import { EmulatorError } from '../http/errors.js';
import { applicationBody, audioFreqs, callSidBody, faultsBody, impairmentBody, inboundBody, legacyTotpBody, ringBody } from './bodies.js';
import type { ControlTarget } from './target.js';

export interface Reply {
  status: number;
  body: unknown;
}

/** One request as a handler sees it: the target, the path's captures and the parsed JSON body. */
export interface RouteInput {
  target: ControlTarget;
  /** Captures of the route's pattern (`/calls/{sid}`). */
  match: string[];
  /** The query string. */
  query: URLSearchParams;
  /** The body as JSON (`{}` when empty); EmulatorError 400 when it is not JSON. */
  json: () => unknown;
}

type Handler = (input: RouteInput) => Reply | Promise<Reply>;

interface Route {
  pattern: string | RegExp;
  methods: Record<string, Handler>;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });

function status(t: ControlTarget): unknown {
  return {
    registeredIdentities: t.registeredIdentities(),
    openSockets: t.openSockets(),
    framesReceived: t.framesReceived(),
    calls: t.calls(),
    faults: t.faults,
    legacyTotpErrors: t.legacyTotpErrors,
    applications: t.applications(),
    impairments: t.impairments,
    conferences: t.conferences(),
  };
}

function application(t: ControlTarget, sid: string) {
  const app = t.applications().find((a) => a.sid === sid);
  if (!app) throw new EmulatorError(404, 20404, `Application ${sid} not found`);
  return app;
}

function call(t: ControlTarget, sid: string) {
  const c = t.call(sid);
  if (!c) throw new EmulatorError(404, 20404, `Call ${sid} not found`);
  return c;
}

export const ROUTES: readonly Route[] = [
  { pattern: '/status', methods: { GET: ({ target }) => ok(status(target)) } },
  {
    pattern: '/impairments',
    methods: {
      GET: ({ target }) => ok(target.impairments),
      // {loss?, jitterMs?, delayMs?, media?, signaling?, callSid?}: merged into the global setting (or the call's).
      POST: ({ target, json }) => {
        const update = impairmentBody(json());
        const applied = target.setImpairment(update.impairment, update.callSid);
        return ok({ ...(update.callSid ? { callSid: update.callSid } : {}), impairment: applied, ...target.impairments });
      },
    },
  },
  {
    pattern: '/impairments/reset',
    methods: {
      POST: ({ target, json }) => {
        target.resetImpairments(callSidBody(json()));
        return ok(target.impairments);
      },
    },
  },
  { pattern: '/registrations', methods: { GET: ({ target }) => ok(target.registrations()) } },
  {
    // Verify's wrong-code answers: `{on: true}` = pre-Oct-2021 (403 60311/60324), `{on: false}` = current (200 + status).
    pattern: '/legacy-totp',
    methods: {
      GET: ({ target }) => ok({ on: target.legacyTotpErrors }),
      POST: ({ target, json }) => {
        target.setLegacyTotpErrors(legacyTotpBody(json()));
        return ok({ on: target.legacyTotpErrors });
      },
    },
  },
  {
    pattern: '/faults',
    methods: {
      GET: ({ target }) => ok(target.faults),
      POST: ({ target, json }) => {
        target.setFaults(faultsBody(json()));
        return ok(target.faults);
      },
    },
  },
  {
    pattern: '/faults/reset',
    methods: {
      POST: ({ target }) => {
        target.resetFaults();
        return ok(target.faults);
      },
    },
  },
  { pattern: '/drop', methods: { POST: ({ target }) => ok({ dropped: target.dropAllSockets() }) } },
  {
    // TwiML applications: `{sid, voiceUrl, voiceMethod}` adds or replaces one.
    pattern: '/applications',
    methods: {
      GET: ({ target }) => ok({ applications: target.applications() }),
      POST: ({ target, json }) => {
        const { key, app } = applicationBody(json(), 'sid');
        return ok(target.setApplication(key, app), 201);
      },
    },
  },
  {
    // Phone numbers of the account: `{phoneNumber, voiceUrl, voiceMethod}` adds or replaces one.
    pattern: '/numbers',
    methods: {
      GET: ({ target }) => ok({ numbers: target.phoneNumbers() }),
      POST: ({ target, json }) => {
        const { key, app } = applicationBody(json(), 'phoneNumber');
        return ok(target.setPhoneNumber(key, app), 201);
      },
    },
  },
  {
    pattern: /^\/applications\/([A-Za-z0-9]+)$/,
    methods: {
      GET: ({ target, match: [sid = ''] }) => ok(application(target, sid)),
      DELETE: ({ target, match: [sid = ''] }) => {
        if (!target.removeApplication(sid)) throw new EmulatorError(404, 20404, `Application ${sid} not found`);
        return ok(null, 204);
      },
    },
  },
  {
    pattern: '/calls',
    methods: {
      GET: ({ target }) => ok({ calls: target.calls() }),
      POST: async ({ target, json }) => ok(await target.ring(ringBody(json())), 201),
    },
  },
  { pattern: /^\/calls\/([A-Za-z0-9]+)$/, methods: { GET: ({ target, match: [sid = ''] }) => ok(call(target, sid)) } },
  {
    // What a conference leg heard and said over the last second: `?freqs=600,1000` → dBFS per frequency.
    pattern: /^\/calls\/(CA[0-9a-f]{32})\/audio$/,
    methods: { GET: ({ target, match: [sid = ''], query }) => ok(target.callAudio(sid, audioFreqs(query.get('freqs')))) },
  },
  {
    // What the browser sends on a call, decoded: POST starts (or restarts) recording, GET returns
    // `{rate: 8000, seconds, skipped, pcm}` (pcm: base64 16-bit LE). For measuring the sent audio (noise suppression).
    pattern: /^\/calls\/(CA[0-9a-f]{32})\/recording$/,
    methods: {
      POST: ({ target, match: [sid = ''] }) => ok(target.record(sid), 201),
      GET: ({ target, match: [sid = ''] }) => ok(target.recording(sid)),
    },
  },
  { pattern: '/conferences', methods: { GET: ({ target }) => ok(target.conferences()) } },
  {
    // An emulator party calls one of the account's numbers: `{to, from?, party?}`.
    pattern: '/inbound',
    methods: { POST: ({ target, json }) => ok(target.inbound(inboundBody(json())), 201) },
  },
  { pattern: /^\/calls\/([A-Za-z0-9]+)\/cancel$/, methods: { POST: ({ target, match: [sid = ''] }) => ok(target.cancel(sid)) } },
  { pattern: /^\/calls\/([A-Za-z0-9]+)\/hangup$/, methods: { POST: ({ target, match: [sid = ''] }) => ok(target.hangup(sid)) } },
];

/** The route of `path` and its captures, if any. */
export function findRoute(path: string): { route: Route; match: string[] } | undefined {
  for (const route of ROUTES) {
    if (typeof route.pattern === 'string') {
      if (route.pattern === path) return { route, match: [] };
      continue;
    }
    const m = route.pattern.exec(path);
    if (m) return { route, match: m.slice(1) };
  }
  return undefined;
}
