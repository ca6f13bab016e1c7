// The two TwiML apps twilio-voice.js's README asks for before its integration
// tests ("Testing"), served like TwiML Bins: `{{Name}}` is replaced by the
// webhook parameter of that name, XML-escaped. The emulator fetches them from
// the Voice URL of the applications the runner registers.
export const INTEGRATION_TESTS_TWIML = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial>
    <Client>
      <Identity>{{To}}</Identity>
      <Parameter name="duplicate" value="12345" />
      <Parameter name="duplicate" value="123456" />
      <Parameter name="custom + param" value="我不吃蛋" />
      <Parameter name="foobar" value="some + value" />
      <Parameter name="custom1" value="{{Custom1}}" />
      <Parameter name="custom2" value="{{Custom2}}" />
      <Parameter name="custom3" value="{{Custom3}}" />
    </Client>
  </Dial>
</Response>`;

// The README's second app dials "your Twilio number" with a caller ID of the
// account; that number rings the client \`aliceStir\` (the identity the spec
// registers). Both numbers are the emulator's (NUMBER, CALLER_ID), so the
// caller ID is attested A and the callee's invite carries StirStatus.
export const STIR_NUMBER = '+15005550006';
export const STIR_CALLER_ID = '+15005550007';

export const STIR_SHAKEN_TWIML = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial callerId="{{CallerId}}">${STIR_NUMBER}</Dial>
</Response>`;

export const STIR_NUMBER_TWIML = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Dial><Client>aliceStir</Client></Dial>
</Response>`;

const escapeXml = (s) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** TwiML Bin templating: `{{Name}}` → the parameter's value (empty when absent), XML-escaped. */
export function renderTwimlBin(template, params) {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name) => escapeXml(params.get(name) ?? ''));
}
