// Stands in for the `twilio` package in the page: tests/lib/token.js only
// needs `jwt.AccessToken` + `VoiceGrant`. The token is minted by the
// conformance server (HS256, the payload twilio-node 3.x writes), fetched
// with a synchronous request because `toJwt()` is synchronous.
class VoiceGrant {
  constructor(options = {}) {
    this.options = options;
  }
}

class AccessToken {
  constructor(accountSid, keySid, secret, options = {}) {
    this.accountSid = accountSid;
    this.keySid = keySid;
    this.secret = secret;
    this.ttl = options.ttl ?? 3600;
    this.identity = options.identity;
    this.grants = [];
  }

  addGrant(grant) {
    this.grants.push(grant);
  }

  toJwt() {
    const voice = this.grants.find((g) => g instanceof VoiceGrant)?.options ?? {};
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/token', false);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.send(
      JSON.stringify({
        accountSid: this.accountSid,
        keySid: this.keySid,
        secret: this.secret,
        ttl: this.ttl,
        identity: this.identity,
        incomingAllow: voice.incomingAllow,
        outgoingApplicationSid: voice.outgoingApplicationSid,
      }),
    );
    if (xhr.status !== 200) throw new Error(`token mint failed: ${xhr.status} ${xhr.responseText}`);
    return xhr.responseText;
  }
}
AccessToken.VoiceGrant = VoiceGrant;

class ClientCapability {
  constructor() {
    throw new Error('ClientCapability tokens are not supported by the conformance shim');
  }
}

const jwt = { AccessToken, ClientCapability };
export { jwt };
export default { jwt };
