// The Vue 3 page. Vue sets a bound value on a custom element as a property when
// the element has one (`:token-url`, `:strings`, `:factor-sid`), and `@event-name`
// listens to the element's hyphenated DOM events. `isCustomElement` tells Vue's
// template compiler not to resolve the three tags as Vue components.
// Bundled by the demo server with esbuild (Vue's ESM browser build, which has the
// template compiler); the elements are imported from the package by name.
import { createApp, ref, version } from 'vue/dist/vue.esm-browser.prod.js';
import 'twilio-widgets/twilio-phone.js';
import 'twilio-widgets/device-status.js';
import 'twilio-widgets/totp-verify.js';
import { enrol, loadConfig, pageIdentity, STATUS_STRINGS } from './common.js';

const identity = pageIdentity('vue');
const config = await loadConfig();

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
    return {
      version,
      identity,
      tokenUrl: `/token?identity=${encodeURIComponent(identity)}`,
      signalingHost: config.signalingHost ?? '',
      statusStrings: STATUS_STRINGS,
      phone,
      phoneState,
      callState,
      factor,
      outcome,
      events,
      enrolling,
      onPhoneState(e) {
        phoneState.value = e.detail.state;
        seen(e.type, e.detail.state);
      },
      onCallState(e) {
        callState.value = e.detail.callState;
        seen(e.type, `${e.detail.direction} ${e.detail.callState}`);
      },
      onResult(e) {
        outcome.value = e.detail.outcome;
        seen(e.type, e.detail.outcome);
      },
      onSuccess(e) {
        seen(e.type, e.detail.outcome);
      },
      async onEnrol() {
        enrolling.value = true;
        try {
          factor.value = await enrol(identity);
          outcome.value = 'none';
          seen('enrol', factor.value.factorSid);
        } catch (err) {
          seen('enrol', `failed: ${err instanceof Error ? err.message : err}`);
        } finally {
          enrolling.value = false;
        }
      },
      callEcho() {
        phone.value?.call('echo');
      },
    };
  },
  template: `
    <section class="fw-card" aria-labelledby="elements-title">
      <h2 id="elements-title">Elements</h2>
      <twilio-phone
        id="phone"
        ref="phone"
        :token-url="tokenUrl"
        :signaling-host="signalingHost"
        sounds-url="/cdn/sounds/"
        @twilio-phone-state-change="onPhoneState"
        @twilio-phone-call-state-change="onCallState"
      ></twilio-phone>
      <device-status for="phone" id="status" :strings="statusStrings"></device-status>
      <div class="fw-row">
        <button type="button" class="btn" id="fw-enrol" :disabled="enrolling" @click="onEnrol">Enrol a TOTP factor</button>
        <button type="button" class="btn" id="fw-call-echo" :disabled="phoneState !== 'ready'" @click="callEcho">Call echo (from Vue)</button>
      </div>
      <totp-verify
        v-if="factor"
        :key="factor.factorSid"
        id="totp"
        verify-url="/verify"
        :identity="identity"
        :factor-sid="factor.factorSid"
        @totp-verify-result="onResult"
        @totp-verify-success="onSuccess"
      ></totp-verify>
    </section>
    <section class="fw-card" aria-labelledby="seen-title">
      <h2 id="seen-title">What Vue saw</h2>
      <dl class="fw-facts">
        <dt>Rendered by</dt>
        <dd id="fw-rendered-by">Vue {{ version }}</dd>
        <dt>Phone state</dt>
        <dd id="fw-phone-state">{{ phoneState }}</dd>
        <dt>Call state</dt>
        <dd id="fw-call-state">{{ callState }}</dd>
        <dt>TOTP secret</dt>
        <dd id="fw-secret">{{ factor ? factor.secret : '' }}</dd>
        <dt>TOTP outcome</dt>
        <dd id="fw-totp-outcome">{{ outcome }}</dd>
      </dl>
      <h3>Events</h3>
      <ol class="fw-events" id="fw-events" aria-live="off">
        <li v-for="(line, i) in events" :key="i">{{ line }}</li>
      </ol>
    </section>
  `,
});
// sounds-url: esbuild bundles this page and does not emit `new URL(…, import.meta.url)` files.
const customTags = new Set(['twilio-phone', 'device-status', 'totp-verify']);
app.config.compilerOptions.isCustomElement = (tag) => customTags.has(tag);
app.mount('#app');
document.body.dataset.ready = '';
