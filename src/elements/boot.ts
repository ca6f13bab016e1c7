/**
 * The boot module: the first code the CDN entry and the bundler entries run. It finds every
 * `<twilio-phone autostart token-url>` in the document (and the ones added later, until the tag is
 * defined) and starts what registering waits for most, before Lit and the elements are even
 * parsed: the token URL request (the token path's own request, core/token-fetch.ts) and the
 * signaling socket (controllers/signaling-prewarm.ts); once the token URL answers 2xx, the SDK
 * chunk and the phone's call view chunk (and, from the CDN entry, registering the socket ahead of
 * the SDK and holding the SDK's evaluation until the socket is open: boot-extensions.ts). The
 * element takes them when it upgrades (controllers/boot-handover.ts) and judges the answer itself.
 * No Lit here: this module must stay small (≤ 2 KB gz, `npm run bench`).
 */
import { loadEarlyRegister, prewarmSignaling } from './controllers/signaling-prewarm.js';
import { loadVoiceSdk } from './controllers/voice-sdk-loader.js';
import { loadCallView } from './components/twilio-phone/call-view-loader.js';
import { voiceGlobals } from './controllers/voice-globals.js';
import { checkVoiceSupport } from './core/voice-capabilities.js';
import { signalingUrl } from './core/signaling-url.js';
import { tokenRequestInit } from './core/token-request-init.js';
import { DEFAULT_TOKEN_REQUEST, hasBootStart, offerBootStart } from './controllers/boot-handover.js';
import { bootExtensions } from './boot-extensions.js';

export { bootExtensions };

const TAG = 'twilio-phone';
const SELECTOR = `${TAG}[autostart][token-url]`;

/** Starts the token request and the socket for one not-yet-defined autostart phone. */
function boot(el: Element): void {
  // Defined already: the element started itself on connect. Seen before: once per element.
  if (el.matches(':defined') || hasBootStart(el)) return;
  const attr = (name: string) => el.getAttribute(name) ?? '';
  const tokenUrl = attr('token-url');
  const tokenMethod = (attr('token-method') || 'GET') as 'GET' | 'POST';
  const url = signalingUrl(attr('signaling-host'), attr('edge'));
  const singleTab = el.hasAttribute('single-tab');
  // The socket first: its TCP + TLS + upgrade (3 round trips) is the longer way, the token's one round trip has slack.
  const socket = prewarmSignaling(url);
  const abort = new AbortController();
  const response = fetch(tokenUrl, tokenRequestInit({ method: tokenMethod, init: DEFAULT_TOKEN_REQUEST }, abort.signal));
  // From the CDN entry: registering ahead and the SDK are the extension's, and the element gets the answer it hands on.
  const handed = bootExtensions.onBoot?.(socket, response, singleTab);
  // The SDK chunk keeps its rule: asked for once the token URL says yes (a refused token downloads none),
  // and the phone's call view with it (the element awaits both before its Device).
  // A failure here is the element's to report (its own load retries).
  const ignore = () => undefined;
  response
    .then((r) => {
      if (!r.ok) return;
      if (!handed) loadVoiceSdk().catch(ignore);
      loadCallView().catch(ignore);
      // And the code that registers the socket ahead of the SDK (signaling-early-register.ts).
      void loadEarlyRegister();
    })
    .catch(ignore);
  offerBootStart(el, { tokenUrl, tokenMethod, signalingUrl: url, singleTab, response: handed || response, abort, socket });
}

function scan(root: ParentNode): void {
  for (const el of root.querySelectorAll(SELECTOR)) boot(el);
}

function watch(): void {
  if (typeof document === 'undefined' || typeof customElements === 'undefined' || customElements.get(TAG)) return;
  // Without WebRTC the element fails before any request (and words why): nothing to start early.
  if (checkVoiceSupport(voiceGlobals()).missing.length) return;
  scan(document);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.matches(SELECTOR)) boot(n);
        scan(n);
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  // Once defined, new phones upgrade (and start) as they are inserted: nothing left for boot to do.
  void customElements.whenDefined(TAG).then(() => observer.disconnect());
}

watch();
