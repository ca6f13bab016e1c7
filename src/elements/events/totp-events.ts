/**
 * Typed DOM events of `<totp-verify>` and `<totp-enroll>` (re-exported by events.ts). A module of
 * their own, so a page with only these elements loads none of the phone's events.
 *
 * Each names itself with a static getter, not a static field: a class without static
 * initialisers has no side effects, so a bundle that does not use it drops it.
 */
import type { TotpOutcome } from '../core/totp-code.js';
import type { EnrollAnswer, EnrollStage } from '../core/enroll-machine.js';
import { WidgetEvent } from './widget-event.js';

export interface TotpSendDetail {
  /** the JSON body about to be posted; listeners may change it */
  body: Record<string, unknown>;
}
/** About to POST a code. Cancelable: `preventDefault()` stops the request; `detail.body` may be changed. */
export class TotpVerifySendEvent extends WidgetEvent<TotpSendDetail> {
  static get eventName(): 'totp-verify-send' {
    return 'totp-verify-send';
  }
  constructor(detail: TotpSendDetail) {
    super(TotpVerifySendEvent.eventName, detail, true);
  }
}

export interface TotpResultDetail {
  outcome: TotpOutcome;
  status?: string;
  code?: number;
  message?: string;
  /** why there was no HTTP answer, when there was none */
  failure?: 'timeout' | 'network';
  /** the parsed JSON response body, or null when there was none */
  response: unknown;
}
/** The outcome of a submitted code. */
export class TotpVerifyResultEvent extends WidgetEvent<TotpResultDetail> {
  static get eventName(): 'totp-verify-result' {
    return 'totp-verify-result';
  }
  constructor(detail: TotpResultDetail) {
    super(TotpVerifyResultEvent.eventName, detail);
  }
}

/** The code was accepted (`verified`). */
export class TotpVerifySuccessEvent extends WidgetEvent<TotpResultDetail> {
  static get eventName(): 'totp-verify-success' {
    return 'totp-verify-success';
  }
  constructor(detail: TotpResultDetail) {
    super(TotpVerifySuccessEvent.eventName, detail);
  }
}

export interface TotpEnrollSendDetail {
  /** `create`: the enrolment request; `verify`: a code for the new factor */
  stage: EnrollStage;
  /** the JSON body about to be posted; listeners may change it */
  body: Record<string, unknown>;
}
/** `<totp-enroll>` is about to POST. Cancelable: `preventDefault()` stops the request; `detail.body` may be changed. */
export class TotpEnrollSendEvent extends WidgetEvent<TotpEnrollSendDetail> {
  static get eventName(): 'totp-enroll-send' {
    return 'totp-enroll-send';
  }
  constructor(detail: TotpEnrollSendDetail) {
    super(TotpEnrollSendEvent.eventName, detail, true);
  }
}

export interface TotpEnrollFactorDetail {
  /** the new factor's SID (`YF…`); never the secret */
  factorSid: string;
}
/** The factor exists and its key is shown; waiting for the first code. */
export class TotpEnrollCreatedEvent extends WidgetEvent<TotpEnrollFactorDetail> {
  static get eventName(): 'totp-enroll-created' {
    return 'totp-enroll-created';
  }
  constructor(detail: TotpEnrollFactorDetail) {
    super(TotpEnrollCreatedEvent.eventName, detail);
  }
}

/** The first code verified the factor; the key is gone from the page. */
export class TotpEnrollVerifiedEvent extends WidgetEvent<TotpEnrollFactorDetail> {
  static get eventName(): 'totp-enroll-verified' {
    return 'totp-enroll-verified';
  }
  constructor(detail: TotpEnrollFactorDetail) {
    super(TotpEnrollVerifiedEvent.eventName, detail);
  }
}

export interface TotpEnrollErrorDetail extends EnrollAnswer {
  stage: EnrollStage;
  /** the factor SID when the failure concerns a created factor */
  factorSid?: string;
  /** true when the enrolment has ended (state `failed`) and must start again; false when another code may be tried */
  fatal: boolean;
}
/** The factor could not be created, or a code for it was refused. */
export class TotpEnrollErrorEvent extends WidgetEvent<TotpEnrollErrorDetail> {
  static get eventName(): 'totp-enroll-error' {
    return 'totp-enroll-error';
  }
  constructor(detail: TotpEnrollErrorDetail) {
    super(TotpEnrollErrorEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'totp-verify-send': TotpVerifySendEvent;
    'totp-verify-result': TotpVerifyResultEvent;
    'totp-verify-success': TotpVerifySuccessEvent;
    'totp-enroll-send': TotpEnrollSendEvent;
    'totp-enroll-created': TotpEnrollCreatedEvent;
    'totp-enroll-verified': TotpEnrollVerifiedEvent;
    'totp-enroll-error': TotpEnrollErrorEvent;
  }
}
