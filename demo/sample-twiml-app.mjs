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

/** Handles POST /twiml/sample: 403 unless the signature is the account's, else the TwiML. */
export async function handleSampleApp(req, res, { authToken, publicUrl }) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
  const signature = String(req.headers['x-twilio-signature'] ?? '');
  if (!twilio.validateRequest(authToken, signature, publicUrl, params)) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('Invalid X-Twilio-Signature');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });
  res.end(sampleTwiml(params));
}
