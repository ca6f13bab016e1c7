// The React 19 page. React 19 passes props to custom elements as properties when
// the element has one (`tokenUrl`, `strings`, `factorSid` are properties here)
// and turns `on<event-name>` props into addEventListener(event-name), so the
// elements' hyphenated events are plain props: ontwilio-phone-state-change={…}.
// Bundled by the demo server with esbuild; the elements are imported from the
// package by name, as an app would.
import { StrictMode, useCallback, useEffect, useRef, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import 'twilio-widgets/twilio-phone.js';
import 'twilio-widgets/device-status.js';
import 'twilio-widgets/totp-verify.js';
import { enrol, loadConfig, pageSignIn, STATUS_STRINGS } from './common.js';

function App() {
  const [config, setConfig] = useState(null);
  const [phoneState, setPhoneState] = useState('idle');
  const [callState, setCallState] = useState('none');
  const [factor, setFactor] = useState(null);
  const [outcome, setOutcome] = useState('none');
  const [events, setEvents] = useState([]);
  const [enrolling, setEnrolling] = useState(false);
  const phone = useRef(null);

  const seen = useCallback((name, text) => setEvents((list) => [...list, `${name}: ${text}`].slice(-100)), []);

  useEffect(() => {
    let live = true;
    // Signed in first: /token and /verify take the identity from the session cookie.
    Promise.all([loadConfig(), pageSignIn('react')]).then(([c, identity]) => live && setConfig({ ...c, identity }));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (config) document.body.dataset.ready = '';
  }, [config]);

  const onEnrol = async () => {
    setEnrolling(true);
    try {
      const f = await enrol();
      setFactor(f);
      setOutcome('none');
      seen('enrol', f.factorSid);
    } catch (err) {
      seen('enrol', `failed: ${err instanceof Error ? err.message : err}`);
    } finally {
      setEnrolling(false);
    }
  };

  if (!config) return <p>Loading…</p>;
  return (
    <>
      <section className="fw-card" aria-labelledby="elements-title">
        <h2 id="elements-title">Elements</h2>
        <twilio-phone
          id="phone"
          ref={phone}
          tokenUrl="/token"
          signalingHost={config.signalingHost ?? ''}
          // esbuild bundles this page and does not emit `new URL(…, import.meta.url)` files: point at the CDN copy.
          soundsUrl="/cdn/sounds/"
          ontwilio-phone-state-change={(e) => {
            setPhoneState(e.detail.state);
            seen(e.type, e.detail.state);
          }}
          ontwilio-phone-call-state-change={(e) => {
            setCallState(e.detail.callState);
            seen(e.type, `${e.detail.direction} ${e.detail.callState}`);
          }}
        ></twilio-phone>
        <device-status for="phone" id="status" strings={STATUS_STRINGS}></device-status>
        <div className="fw-row">
          <button type="button" className="btn" id="fw-enrol" disabled={enrolling} onClick={onEnrol}>
            Enrol a TOTP factor
          </button>
          <button type="button" className="btn" id="fw-call-echo" disabled={phoneState !== 'ready'} onClick={() => phone.current?.call('echo')}>
            Call echo (from React)
          </button>
        </div>
        {factor && (
          <totp-verify
            key={factor.factorSid}
            id="totp"
            verifyUrl="/verify"
            factorSid={factor.factorSid}
            ontotp-verify-result={(e) => {
              setOutcome(e.detail.outcome);
              seen(e.type, e.detail.outcome);
            }}
            ontotp-verify-success={(e) => seen(e.type, e.detail.outcome)}
          ></totp-verify>
        )}
      </section>
      <section className="fw-card" aria-labelledby="seen-title">
        <h2 id="seen-title">What React saw</h2>
        <dl className="fw-facts">
          <dt>Rendered by</dt>
          <dd id="fw-rendered-by">React {version}</dd>
          <dt>Signed in as</dt>
          <dd id="fw-identity">{config.identity}</dd>
          <dt>Phone state</dt>
          <dd id="fw-phone-state">{phoneState}</dd>
          <dt>Call state</dt>
          <dd id="fw-call-state">{callState}</dd>
          <dt>TOTP secret</dt>
          <dd id="fw-secret">{factor?.secret ?? ''}</dd>
          <dt>TOTP outcome</dt>
          <dd id="fw-totp-outcome">{outcome}</dd>
        </dl>
        <h3>Events</h3>
        <ol className="fw-events" id="fw-events" aria-live="off">
          {events.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </section>
    </>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
