// The demo's sample TwiML app (emulator mode): the emulator requests it for
// outgoing calls whose token names SAMPLE_APP_SID, like Twilio requests an
// application's Voice URL. It checks X-Twilio-Signature as a real app must,
// then routes on `To`:
//   hello          <Say> a greeting, then hang up
//   busy           <Reject reason="busy">
//   +E.164         <Dial> the number (the emulator answers with a tone)
//   anything else  <Dial answerOnBridge> the client of that name, passing the
//                  caller's custom parameters on as <Parameter>s
import twilio from 'twilio';

export const SAMPLE_APP_SID = 'AP' + 'de'.repeat(16);

const xmlEscape = (s) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

const STANDARD = new Set(['AccountSid', 'ApplicationSid', 'ApiVersion', 'CallSid', 'CallStatus', 'Direction', 'From', 'Caller', 'To', 'Called']);

export function sampleTwiml(params) {
  const to = params.To ?? '';
  let body;
  if (to === 'hello') body = '<Say>Hello from your TwiML app. Goodbye.</Say><Hangup/>';
  else if (to === 'busy') body = '<Reject reason="busy"/>';
  else if (/^\+[1-9]\d{1,14}$/.test(to)) body = `<Dial callerId="+15005550006">${to}</Dial>`;
  else {
    const identity = to.replace(/^client:/, '');
    const custom = Object.entries(params)
      .filter(([k]) => !STANDARD.has(k))
      .map(([k, v]) => `<Parameter name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`)
      .join('');
    body = `<Dial answerOnBridge="true" timeout="20"><Client><Identity>${xmlEscape(identity)}</Identity>${custom}</Client></Dial>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

/** The largest request body the sample app reads (Twilio's webhook requests are a few KB). */
export const MAX_SAMPLE_BODY = 64 * 1024;

function tooLarge(req, res) {
  const text = JSON.stringify({
    code: 20413,
    message: `Request entity too large: the limit is ${MAX_SAMPLE_BODY} bytes`,
    more_info: 'https://www.twilio.com/docs/errors/20413',
    status: 413,
  });
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text);
  // Stop reading the rest of the body; the connection goes once the answer is out.
  req.pause();
  res.once('finish', () => {
    req.socket.pause();
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}

/** The body, at most MAX_SAMPLE_BODY bytes; null (after a 413) if it is larger. */
function readCapped(req, res) {
  if (Number(req.headers['content-length'] ?? 0) > MAX_SAMPLE_BODY) {
    tooLarge(req, res);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const onData = (c) => {
      size += c.length;
      if (size > MAX_SAMPLE_BODY) {
        req.off('data', onData);
        chunks.length = 0;
        tooLarge(req, res);
        resolve(null);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Handles POST /twiml/sample: 413 over 64 KiB (before buffering), 403 unless the signature is the account's, else the TwiML. */
export async function handleSampleApp(req, res, { authToken, publicUrl }) {
  const body = await readCapped(req, res);
  if (body === null) return;
  const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  const signature = String(req.headers['x-twilio-signature'] ?? '');
  if (!twilio.validateRequest(authToken, signature, publicUrl, params)) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('Invalid X-Twilio-Signature');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });
  res.end(sampleTwiml(params));
}
