/**
 * JSX types for React 19, which passes properties and `on<event>` handlers to
 * custom elements natively. Opt in from a `.d.ts` or any module:
 *
 *   import type {} from 'twilio-widgets/react';
 *
 * Every public property of the elements becomes a JSX prop, and every event an
 * `on<event-name>` prop with the typed event.
 */
import type { DOMAttributes, Key, Ref } from 'react';
import type { TwilioPhone } from '../components/twilio-phone/twilio-phone.js';
import type { DeviceStatus } from '../components/device-status/device-status.js';
import type { TotpVerify } from '../components/totp-verify/totp-verify.js';
import type { TotpEnroll } from '../components/totp-enroll/totp-enroll.js';
import type {
  TotpEnrollCreatedEvent,
  TotpEnrollErrorEvent,
  TotpEnrollSendEvent,
  TotpEnrollVerifiedEvent,
  TotpVerifyResultEvent,
  TotpVerifySendEvent,
  TotpVerifySuccessEvent,
  TwilioPhoneBadCredentialsEvent,
  TwilioPhoneCallQualityEvent,
  TwilioPhoneCallControlEvent,
  TwilioPhoneCallStateChangeEvent,
  TwilioPhoneErrorEvent,
  TwilioPhoneIncomingEvent,
  TwilioPhoneParticipantsChangeEvent,
  TwilioPhonePreflightEvent,
  TwilioPhonePreflightFailedEvent,
  TwilioPhonePreflightStateChangeEvent,
  TwilioPhoneQualityWarningEvent,
  TwilioPhoneStateChangeEvent,
} from '../events.js';

/** Writable, non-function public members of an element class, as optional props. */
type PropsOf<E, K extends keyof E> = Partial<Pick<E, K>>;

type ElementProps<E extends HTMLElement, K extends keyof E, Events> = PropsOf<E, K> &
  Events &
  Omit<DOMAttributes<E>, 'children'> & {
    children?: unknown;
    key?: Key;
    ref?: Ref<E>;
    id?: string;
    class?: string;
    className?: string;
    slot?: string;
    hidden?: boolean;
    lang?: string;
  };

export type TwilioPhoneProps = ElementProps<
  TwilioPhone,
  | 'tokenUrl'
  | 'tokenMethod'
  | 'tokenRequest'
  | 'fetchToken'
  | 'autostart'
  | 'edge'
  | 'signalingHost'
  | 'registerTimeout'
  | 'tokenTimeout'
  | 'soundsUrl'
  | 'sounds'
  | 'strings'
  | 'hideDialer'
  | 'notify'
  | 'singleTab'
  | 'backgroundPolicy'
  | 'callControlUrl',
  {
    'ontwilio-phone-state-change'?: (e: TwilioPhoneStateChangeEvent) => void;
    'ontwilio-phone-bad-credentials'?: (e: TwilioPhoneBadCredentialsEvent) => void;
    'ontwilio-phone-error'?: (e: TwilioPhoneErrorEvent) => void;
    'ontwilio-phone-incoming'?: (e: TwilioPhoneIncomingEvent) => void;
    'ontwilio-phone-call-state-change'?: (e: TwilioPhoneCallStateChangeEvent) => void;
    'ontwilio-phone-quality-warning'?: (e: TwilioPhoneQualityWarningEvent) => void;
    'ontwilio-phone-call-quality'?: (e: TwilioPhoneCallQualityEvent) => void;
    'ontwilio-phone-preflight'?: (e: TwilioPhonePreflightEvent) => void;
    'ontwilio-phone-preflight-failed'?: (e: TwilioPhonePreflightFailedEvent) => void;
    'ontwilio-phone-preflight-state-change'?: (e: TwilioPhonePreflightStateChangeEvent) => void;
    'ontwilio-phone-participants-change'?: (e: TwilioPhoneParticipantsChangeEvent) => void;
    'ontwilio-phone-call-control'?: (e: TwilioPhoneCallControlEvent) => void;
  }
>;

export type DeviceStatusProps = ElementProps<DeviceStatus, 'for' | 'state' | 'error' | 'strings' | 'labels' | 'device', object>;

export type TotpVerifyProps = ElementProps<
  TotpVerify,
  | 'verifyUrl'
  | 'identity'
  | 'factorSid'
  | 'challengeSid'
  | 'params'
  | 'codeLength'
  | 'autosubmit'
  | 'timeout'
  | 'label'
  | 'strings'
  | 'name'
  | 'value'
  | 'required'
  | 'disabled',
  {
    'ontotp-verify-send'?: (e: TotpVerifySendEvent) => void;
    'ontotp-verify-result'?: (e: TotpVerifyResultEvent) => void;
    'ontotp-verify-success'?: (e: TotpVerifySuccessEvent) => void;
  }
>;

export type TotpEnrollProps = ElementProps<
  TotpEnroll,
  'verifyUrl' | 'identity' | 'friendlyName' | 'params' | 'autostart' | 'autosubmit' | 'timeout' | 'strings',
  {
    'ontotp-enroll-send'?: (e: TotpEnrollSendEvent) => void;
    'ontotp-enroll-created'?: (e: TotpEnrollCreatedEvent) => void;
    'ontotp-enroll-verified'?: (e: TotpEnrollVerifiedEvent) => void;
    'ontotp-enroll-error'?: (e: TotpEnrollErrorEvent) => void;
  }
>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types are declared as a namespace; augmenting needs one
  namespace JSX {
    interface IntrinsicElements {
      'twilio-phone': TwilioPhoneProps;
      'device-status': DeviceStatusProps;
      'totp-verify': TotpVerifyProps;
      'totp-enroll': TotpEnrollProps;
    }
  }
}
