// The boot module (src/elements/boot.ts), before <twilio-phone> is defined, asks for the SDK chunk
// and the phone's call view chunk once the token URL says yes, and for neither when it refuses:
// the element awaits both before its Device, so a page whose elements arrive after the token
// finds them on their way. Read from the page's Resource Timing; a module is fetched once per
// page, so the refused token comes first and the good one's chunk requests must start after its answer.
import '../../src/elements/boot.js'; // the boot module, with the tag not defined yet
import { expect } from '@open-wc/testing';
import type { TwilioPhone } from '../../src/elements/components/twilio-phone/twilio-phone.js';
import { describeWithWebRTC, hits, testEnv, tokenUrl, uniqueKey, until, untilState } from './helpers.js';

// An observer rather than getEntriesByType: the page's resource-timing buffer (250) fills up with the test's own modules.
const seen: PerformanceResourceTiming[] = [];
new PerformanceObserver((list) => seen.push(...(list.getEntries() as PerformanceResourceTiming[]))).observe({ type: 'resource', buffered: true });
const entries = (pattern: RegExp) => seen.filter((e) => pattern.test(e.name));
const viewRequests = () => entries(/\/call-view-feature[-.]/);
/** the dev server serves the SDK as one bundle */
const sdkRequests = () => entries(/\/__voice-sdk\.js/);

/** Parses a phone from markup, as a page's HTML would bring it (not created by the element class). */
async function addPhone(url: string): Promise<TwilioPhone> {
  const { signalingHost } = await testEnv();
  const holder = document.createElement('div');
  holder.innerHTML = `<twilio-phone autostart token-url="${url.replaceAll('&', '&amp;')}" signaling-host="${signalingHost}"></twilio-phone>`;
  document.body.append(holder);
  return holder.firstElementChild as TwilioPhone;
}

describeWithWebRTC('the boot module asks for the call view with the SDK, once the token is good', function () {
  this.timeout(30000);
  const phones: TwilioPhone[] = [];
  after(() => phones.forEach((el) => el.parentElement!.remove()));

  it('a refused token: the boot module asks for neither (checked below: the one fetch of each starts after the good token)', async () => {
    const key = uniqueKey('boot-refused');
    phones.push(await addPhone(tokenUrl({ key, fault: 401 })));
    for (let i = 0; i < 400 && (await hits(key)) !== 1; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await hits(key), 'the refused request').to.equal(1);
    expect(customElements.get('twilio-phone'), 'not defined yet').to.equal(undefined);
  });

  it('a good token: both chunks are asked for once it is here, before the tag is defined; the phone then registers', async () => {
    const key = uniqueKey('boot-good');
    const hold = uniqueKey('hold');
    const el = await addPhone(tokenUrl({ key, hold, identity: key }));
    phones.push(el);
    for (let i = 0; i < 400 && (await hits(key)) !== 1; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await hits(key), 'the token request, held at the server').to.equal(1);
    await fetch(`/__release?key=${encodeURIComponent(hold)}`);
    await until(() => viewRequests().length === 1 && sdkRequests().length === 1, 'both chunks in Resource Timing');
    expect(customElements.get('twilio-phone'), 'asked for by the boot module: the tag is not defined yet').to.equal(undefined);
    // The tag is defined: the phones upgrade and take their boot starts (reading the token answers:
    // their Resource Timing entries appear only then).
    await import('../../src/elements/components/twilio-phone/define.js');
    await untilState(el, 'ready');
    await untilState(phones[0]!, 'bad-credentials');
    const [token] = entries(new RegExp(`/__token\\?.*key=${key}`));
    expect(token, 'the good token request').to.exist;
    // Held at the server until after the refused answer went out: a fetch that the refused answer
    // had set off would have started before this one's answer.
    expect(viewRequests()[0]!.startTime, 'the view: once the good answer came (so not for the refused one)').to.be.at.least(token!.responseStart);
    expect(sdkRequests()[0]!.startTime, 'the SDK: once the good answer came').to.be.at.least(token!.responseStart);
    expect(viewRequests(), 'the element used the chunk the boot module asked for').to.have.length(1);
  });
});
