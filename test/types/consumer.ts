// A consumer's view of the package's types: compiled with `tsc --noEmit` in
// `npm test`. Each @ts-expect-error line must stay an error, so a loosened
// type fails the build too.
import type { TwilioPhone, DeviceStatus, TotpVerify, PhoneState, TotpOutcome, PreflightReport, QualityLevel, PreflightState } from 'twilio-widgets';
import { PreflightError } from 'twilio-widgets';
import 'twilio-widgets/twilio-phone.js';

const phone = document.createElement('twilio-phone');
const typedPhone: TwilioPhone = phone;
typedPhone.tokenUrl = '/token';
typedPhone.registerTimeout = 10000;
void typedPhone.start();
void typedPhone.call('+14155550100', { Campaign: 'spring' });

phone.addEventListener('twilio-phone-state-change', (e) => {
  const state: PhoneState = e.detail.state;
  const previous: PhoneState = e.detail.previousState;
  const code: number | undefined = e.detail.error?.code;
  void [state, previous, code];
});
phone.addEventListener('twilio-phone-bad-credentials', (e) => {
  const source: 'token-url' | 'fetch-token' | 'twilio' = e.detail.source;
  void source;
});
phone.addEventListener('twilio-phone-incoming', (e) => {
  if (e.detail.from.startsWith('client:')) e.preventDefault();
});
phone.addEventListener('twilio-phone-call-state-change', (e) => {
  const s: 'dialing' | 'ringing' | 'connected' | 'reconnecting' | 'ended' = e.detail.callState;
  void s;
});

const status: DeviceStatus = document.createElement('device-status');
status.labels = { ready: 'Online' };
status.strings = { ready: 'En ligne', offline: 'Hors ligne' };
// @ts-expect-error not a PhoneState key
status.strings = { online: 'x' };
status.state = 'offline';
// @ts-expect-error not a PhoneState
status.state = 'online';

const totp: TotpVerify = document.createElement('totp-verify');
totp.verifyUrl = '/verify';
totp.addEventListener('totp-verify-result', (e) => {
  const outcome: TotpOutcome = e.detail.outcome;
  void outcome;
});
totp.addEventListener('totp-verify-send', (e) => {
  e.detail.body.extra = 1;
});

// @ts-expect-error the state is read-only
typedPhone.state = 'ready';

// <totp-verify> as a form control, and <totp-enroll>.
import type { TotpEnroll, EnrollState } from 'twilio-widgets';
import 'twilio-widgets/totp-enroll.js';
totp.name = 'code';
totp.required = true;
totp.disabled = false;
totp.value = '123456';
const owner: HTMLFormElement | null = totp.form;
const valid: boolean = totp.checkValidity();
void [owner, valid, totp.validity?.valueMissing];

const enroll: TotpEnroll = document.createElement('totp-enroll');
enroll.verifyUrl = '/verify';
enroll.identity = 'user-1234';
enroll.strings = { start: 'Add an authenticator' };
void enroll.start();
const enrollState: EnrollState = enroll.state;
void enrollState;
enroll.addEventListener('totp-enroll-created', (e) => {
  const sid: string = e.detail.factorSid;
  // @ts-expect-error the created event never carries the secret
  void e.detail.secret;
  void sid;
});
enroll.addEventListener('totp-enroll-error', (e) => {
  const stage: 'create' | 'verify' = e.detail.stage;
  const fatal: boolean = e.detail.fatal;
  void [stage, fatal];
});
// @ts-expect-error the state is read-only
enroll.state = 'verified';
// @ts-expect-error not a string of <totp-enroll>
enroll.strings = { begin: 'x' };

// Pre-call test and call quality.
void typedPhone.preflight().then(
  (report: PreflightReport) => {
    const level: QualityLevel | null = report.callQuality;
    const mos: number | null = report.mos;
    void [level, mos, report.networkTiming.signaling?.duration];
  },
  (error: unknown) => {
    if (error instanceof PreflightError) void [error.reason, error.code];
  },
);
const preflightState: PreflightState = typedPhone.preflightState;
void preflightState;
phone.addEventListener('twilio-phone-preflight', (e) => void e.detail.packetLoss);
phone.addEventListener('twilio-phone-preflight-failed', (e) => {
  const reason: 'bad-credentials' | 'signaling-unreachable' | string = e.detail.reason;
  void [reason, e.detail.error.message];
});
phone.addEventListener('twilio-phone-call-quality', (e) => {
  const level: QualityLevel | null = e.detail.level;
  void [level, e.detail.mos, e.detail.rtt, e.detail.jitter, e.detail.packetLoss];
});
// @ts-expect-error not a quality level
const wrongLevel: QualityLevel = 'perfect';
void wrongLevel;
// @ts-expect-error the pre-call test state is read-only
typedPhone.preflightState = 'completed';
status.strings = { callQuality: 'Qualité : {level}', qualityGood: 'bonne' };

// State change reasons are a typed union, listed at run time too.
import { PHONE_STATE_REASONS, type PhoneStateReason } from 'twilio-widgets';
phone.addEventListener('twilio-phone-state-change', (e) => {
  const reason: PhoneStateReason | undefined = e.detail.reason;
  if (reason === 'fetch-token-refused' || reason === 'token-url-refused') void reason;
  // @ts-expect-error not a reason the phone gives
  if (e.detail.reason === 'token-refused') void 0;
});
const everyReason: readonly PhoneStateReason[] = PHONE_STATE_REASONS;
// @ts-expect-error not a reason
const wrongReason: PhoneStateReason = 'credentials-refused';
void [everyReason, wrongReason];

// Class-only modules: import a class without registering its tag; register it into a (scoped) registry.
import { TwilioPhone as PhoneClass, TWILIO_PHONE_STRINGS } from 'twilio-widgets/twilio-phone.component.js';
import { DeviceStatus as StatusClass } from 'twilio-widgets/device-status.component.js';
import { TotpVerify as VerifyClass } from 'twilio-widgets/totp-verify.component.js';
import { TotpEnroll as EnrollClass } from 'twilio-widgets/totp-enroll.component.js';
const scopedRegistry = new CustomElementRegistry();
PhoneClass.define(scopedRegistry);
StatusClass.define(scopedRegistry);
EnrollClass.define(scopedRegistry);
VerifyClass.define();
// @ts-expect-error define() takes a registry, not a tag name
VerifyClass.define('my-verify');
const phoneFromClass: TwilioPhone = new PhoneClass();
void [phoneFromClass, TWILIO_PHONE_STRINGS.start];

// Call control (`call-control-url`): the methods, the participants and the two events.
import { CallControlError } from 'twilio-widgets';
import type { Participant, CallControlAction } from 'twilio-widgets';
typedPhone.callControlUrl = '/call-control';
void typedPhone.hold().catch((e: unknown) => (e instanceof CallControlError ? e.code : ''));
void typedPhone.transfer('billing', { mode: 'warm' });
// @ts-expect-error not a transfer mode
void typedPhone.transfer('billing', { mode: 'lukewarm' });
const parties: readonly Participant[] = typedPhone.participants;
// @ts-expect-error participants is read-only
typedPhone.participants = [];
phone.addEventListener('twilio-phone-participants-change', (e) => {
  const role: 'you' | 'remote' | 'consulted' | 'added' | undefined = e.detail.participants[0]?.role;
  void [role, parties];
});
phone.addEventListener('twilio-phone-call-control', (e) => {
  const action: CallControlAction = e.detail.action;
  const outcome: 'done' | 'failed' = e.detail.outcome;
  const code: string | undefined = e.detail.error?.code;
  void [action, outcome, code];
});
phone.addEventListener('twilio-phone-incoming', (e) => {
  const waiting: boolean = e.detail.waiting;
  void waiting;
});
