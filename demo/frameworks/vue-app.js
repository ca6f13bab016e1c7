// The Vue 3 page. Vue sets a value on a custom element as a property when the element has
// one (`tokenUrl`, `strings`, `factorSid`), and an `on…` listener listens to the element's
// hyphenated DOM events (`onTwilioPhoneStateChange` is `twilio-phone-state-change`, what a
// template's `@twilio-phone-state-change` compiles to).
// Bundled by the demo server with esbuild from Vue's runtime-only build: the app is a render
// function, so nothing is compiled in the page and the page runs under a CSP without
// 'unsafe-eval' (a template string would need Vue's compiler, which uses `new Function`).
// With a build step, single-file components precompile their templates the same way.
// The elements are imported from the package by name.
import { createApp, h, ref, version } from 'vue';
import 'twilio-widgets/twilio-phone.js';
import 'twilio-widgets/device-status.js';
import 'twilio-widgets/totp-verify.js';
import { enrol, loadConfig, pageSignIn, STATUS_STRINGS } from './common.js';

// Signed in first: /token and /verify take the identity from the session cookie.
const [config, identity] = await Promise.all([loadConfig(), pageSignIn('vue')]);

const app = createApp({
  setup() {
    const phoneState = ref('idle');
    const callState = ref('none');
    const factor = ref(null);
    const outcome = ref('none');
    const events = ref([]);
    const enrolling = ref(false);
    const phone = ref(null);
    const seen = (name, text) => {
      events.value = [...events.value, `${name}: ${text}`].slice(-100);
    };
    async function onEnrol() {
      enrolling.value = true;
      try {
        factor.value = await enrol();
        outcome.value = 'none';
        seen('enrol', factor.value.factorSid);
      } catch (err) {
        seen('enrol', `failed: ${err instanceof Error ? err.message : err}`);
      } finally {
        enrolling.value = false;
      }
    }
    const fact = (label, id, text) => [h('dt', label), h('dd', { id }, text)];

    return () => [
      h('section', { class: 'fw-card', 'aria-labelledby': 'elements-title' }, [
        h('h2', { id: 'elements-title' }, 'Elements'),
        h('twilio-phone', {
          id: 'phone',
          ref: phone,
          tokenUrl: '/token',
          signalingHost: config.signalingHost ?? '',
          // esbuild bundles this page and does not emit `new URL(…, import.meta.url)` files: point at the CDN copy.
          soundsUrl: '/cdn/sounds/',
          onTwilioPhoneStateChange: (e) => {
            phoneState.value = e.detail.state;
            seen(e.type, e.detail.state);
          },
          onTwilioPhoneCallStateChange: (e) => {
            callState.value = e.detail.callState;
            seen(e.type, `${e.detail.direction} ${e.detail.callState}`);
          },
        }),
        h('device-status', { for: 'phone', id: 'status', strings: STATUS_STRINGS }),
        h('div', { class: 'fw-row' }, [
          h('button', { type: 'button', class: 'btn', id: 'fw-enrol', disabled: enrolling.value, onClick: onEnrol }, 'Enrol a TOTP factor'),
          h(
            'button',
            { type: 'button', class: 'btn', id: 'fw-call-echo', disabled: phoneState.value !== 'ready', onClick: () => phone.value?.call('echo') },
            'Call echo (from Vue)',
          ),
        ]),
        factor.value &&
          h('totp-verify', {
            key: factor.value.factorSid,
            id: 'totp',
            verifyUrl: '/verify',
            factorSid: factor.value.factorSid,
            onTotpVerifyResult: (e) => {
              outcome.value = e.detail.outcome;
              seen(e.type, e.detail.outcome);
            },
            onTotpVerifySuccess: (e) => seen(e.type, e.detail.outcome),
          }),
      ]),
      h('section', { class: 'fw-card', 'aria-labelledby': 'seen-title' }, [
        h('h2', { id: 'seen-title' }, 'What Vue saw'),
        h('dl', { class: 'fw-facts' }, [
          ...fact('Rendered by', 'fw-rendered-by', `Vue ${version}`),
          ...fact('Signed in as', 'fw-identity', identity),
          ...fact('Phone state', 'fw-phone-state', phoneState.value),
          ...fact('Call state', 'fw-call-state', callState.value),
          ...fact('TOTP secret', 'fw-secret', factor.value ? factor.value.secret : ''),
          ...fact('TOTP outcome', 'fw-totp-outcome', outcome.value),
        ]),
        h('h3', 'Events'),
        h(
          'ol',
          { class: 'fw-events', id: 'fw-events', 'aria-live': 'off' },
          events.value.map((line, i) => h('li', { key: i }, line)),
        ),
      ]),
    ];
  },
});
app.mount('#app');
document.body.dataset.ready = '';
