// Koa middleware for the test runner's dev server: a verify endpoint that
// answers with each response of docs/contract.md#5-totp-verify (Twilio's exact Factor,
// Challenge and error-envelope JSON), plus the failures a real backend has.
// Also imported by the browser unit test, so keep it free of Node imports.
//
//   POST /__verify?reply=NAME&key=K[&delay=MS][&retryAfter=S]   answer as NAME, after MS (with Retry-After: S)
//   GET  /__verify-log?key=K                     {hits, bodies, aborted}
//   GET  /__fresh/ID/PATH                         PATH, under a URL the browser has not cached (a module graph of its own)
//   GET  /__totp-feature-fault?on=1|0            while on, a request for the <totp-verify> feature chunk under /__fresh/ is dropped

const SERVICE = 'VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ACCOUNT = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ENTITY = 'YEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const IDENTITY = 'ff483d1ff591898a9942916050d2ca3f';
const FACTOR_SID = 'YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const CHALLENGE_SID = 'YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ENTITY_URL = `https://verify.twilio.com/v2/Services/${SERVICE}/Entities/${IDENTITY}`;

/** A TOTP Factor resource as UpdateFactor returns it. */
export function factor(status) {
  return {
    sid: FACTOR_SID,
    account_sid: ACCOUNT,
    service_sid: SERVICE,
    entity_sid: ENTITY,
    identity: IDENTITY,
    date_created: '2015-07-30T20:00:00Z',
    date_updated: '2015-07-30T20:00:00Z',
    friendly_name: 'friendly_name',
    status,
    factor_type: 'totp',
    config: { alg: 'sha1', skew: 1, code_length: 6, time_step: 30 },
    metadata: null,
    url: `${ENTITY_URL}/Factors/${FACTOR_SID}`,
  };
}

/** A TOTP Challenge resource as CreateChallenge/UpdateChallenge return it. */
export function challenge(status) {
  const url = `${ENTITY_URL}/Challenges/${CHALLENGE_SID}`;
  return {
    sid: CHALLENGE_SID,
    account_sid: ACCOUNT,
    service_sid: SERVICE,
    entity_sid: ENTITY,
    identity: IDENTITY,
    factor_sid: FACTOR_SID,
    date_created: '2015-07-30T20:00:00Z',
    date_updated: '2015-07-30T20:00:00Z',
    date_responded: status === 'approved' || status === 'denied' ? '2015-07-30T20:00:00Z' : null,
    expiration_date: '2015-07-30T20:05:00Z',
    status,
    responded_reason: 'none',
    details: null,
    hidden_details: null,
    metadata: null,
    factor_type: 'totp',
    url,
    links: { notifications: `${url}/Notifications` },
  };
}

/** Twilio's REST error envelope. */
export function twilioError(status, code, message) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Every JSON reply by name: `[httpStatus, body]`. */
export const VERIFY_REPLIES = {
  'factor-verified': [200, factor('verified')],
  'factor-unverified': [200, factor('unverified')],
  'challenge-approved': [201, challenge('approved')],
  'challenge-pending': [200, challenge('pending')],
  'challenge-expired': [200, challenge('expired')],
  'challenge-denied': [200, challenge('denied')],
  'legacy-60311': [403, twilioError(403, 60311, 'Factor verification failed')],
  'legacy-60324': [403, twilioError(403, 60324, 'Challenge verification failed')],
  '403-60323': [403, twilioError(403, 60323, 'Challenge expired')],
  '429-60310': [429, twilioError(429, 60310, 'Factor verification attempts reached')],
  '429-60308': [429, twilioError(429, 60308, 'Challenge verification attempts limit reached')],
  '429-60312': [429, twilioError(429, 60312, 'Challenge creation limit reached')],
  '429-60326': [429, twilioError(429, 60326, 'Too many factor creations for the entity')],
  '429-20429': [429, twilioError(429, 20429, 'Too Many Requests')],
  '404-20404': [404, twilioError(404, 20404, `The requested resource /Services/${SERVICE}/Entities/${IDENTITY}/Factors/${FACTOR_SID} was not found`)],
  '404-60390': [404, twilioError(404, 60390, 'Factor not found')],
  '401-20003': [401, twilioError(401, 20003, 'Authenticate')],
  '403-60318': [403, twilioError(403, 60318, 'Factor is unverified')],
  500: [500, twilioError(500, 20500, 'Internal Server Error')],
  'xss-message': [400, twilioError(400, 60200, 'Invalid parameter: <img src=x onerror=alert(1)>')],
};

const log = new Map();

function entry(key) {
  if (!log.has(key)) log.set(key, { hits: 0, bodies: [], aborted: 0 });
  return log.get(key);
}

/** Waits `ms` unless the client goes away first; resolves false then. */
function waitOrClose(ctx, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.res.off('close', onClose);
      resolve(true);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    ctx.res.once('close', onClose);
  });
}

/** The request body as text. */
export function readText(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

async function verifyRoute(ctx, q) {
  const rec = entry(q.key ?? '');
  rec.hits += 1;
  const raw = await readText(ctx.req);
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = { unparsable: raw };
  }
  rec.bodies.push({ contentType: ctx.get('content-type'), body: parsed });
  ctx.set('Cache-Control', 'no-store');
  if (q.delay && !(await waitOrClose(ctx, Number(q.delay)))) {
    rec.aborted += 1;
    // Koa's status is still its default 404, which wtr would list as a missing file.
    ctx.status = 204;
    ctx.respond = false;
    return;
  }
  const reply = q.reply ?? 'factor-verified';
  if (VERIFY_REPLIES[reply]) {
    const [status, body] = VERIFY_REPLIES[reply];
    ctx.status = status;
    if (q.retryAfter) ctx.set('Retry-After', q.retryAfter);
    ctx.body = body;
    // wtr lists every 404 a test page caused as a missing file; these are
    // deliberate, so take the URL out of its request graph.
    if (status === 404) ctx.url = '/__verify-deliberate-404';
    return;
  }
  switch (reply) {
    case 'html':
      ctx.status = 502;
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1><p>nginx</p>';
      return;
    case 'invalid-json':
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = '{"sid":"YF';
      return;
    case 'drop':
      ctx.status = 204; // not Koa's default 404, see above
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    case 'reset':
      ctx.respond = false;
      ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      ctx.res.write('{"sid":"YF');
      setTimeout(() => ctx.req.socket.destroy(), 20);
      return;
    default:
      ctx.status = 400;
      ctx.body = { message: `unknown reply ${reply}` };
  }
}

let featureFault = false;

export function verifyRoutes() {
  return async function verifyRoutesMiddleware(ctx, next) {
    const q = Object.fromEntries(new URLSearchParams(ctx.querystring));
    if (ctx.path === '/__totp-feature-fault') {
      featureFault = q.on === '1';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { on: featureFault };
      return;
    }
    const fresh = /^\/__fresh\/[\w-]+(\/.*)$/.exec(ctx.path);
    if (fresh) {
      if (featureFault && ctx.path.includes('totp-verify-feature')) {
        ctx.status = 204; // not Koa's default 404 (as `drop`)
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      }
      // Relative imports stay under the prefix: a second copy of the modules, which other pages
      // of the run (the browser shares loaded modules between them) have not loaded.
      ctx.url = fresh[1] + (ctx.querystring ? `?${ctx.querystring}` : '');
    }
    if (ctx.path === '/__verify' && ctx.method === 'POST') return verifyRoute(ctx, q);
    if (ctx.path === '/__verify-log') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = log.get(q.key ?? '') ?? { hits: 0, bodies: [], aborted: 0 };
      return;
    }
    return next();
  };
}
