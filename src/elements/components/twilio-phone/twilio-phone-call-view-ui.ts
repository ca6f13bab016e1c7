/**
 * `<twilio-phone>`'s stand-in for its call view, whose code is a lazy chunk (call-view-feature.ts):
 * the calls, the dial form, the call's rows and the device pickers (twilio-phone-call-view.ts).
 * The chunk is asked for beside the SDK chunk (`prefetch()`, the session's `beforeSdk`, once the
 * token is good) and the session awaits both before it builds a Device: without a Device there is
 * no call, no `ready` and no `offline`, so until the chunk is here nothing of it can be needed and
 * this answers as a phone without calls does. A chunk that fails to load fails the start, as the
 * SDK chunk does (`sdk-load-failed`).
 */
import { nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Call } from '@twilio/voice-sdk';
import type { CallSessionController, CallView } from '../../controllers/call-session.js';
import type { DeviceSessionController } from '../../controllers/device-session.js';
import type { PhoneError, PhoneState } from '../../core/phone-state.js';
import type { CallViewSection } from './twilio-phone-call-view.js';
import type { BackgroundActions, BackgroundRows } from './twilio-phone-background-view.js';
import type { SoundActions } from './twilio-phone-sound-view.js';
import { loadCallView } from './call-view-loader.js';
import type { ChunkText } from './twilio-phone.eager-strings.js';
import type { CallViewStrings } from './twilio-phone-call-view.strings.js';
import type { ExtrasStrings } from './twilio-phone-extras.strings.js';

/** What the call view needs of the element: its shadow root, `hide-dialer`, `notify`, and the methods its controls call. */
export interface CallViewHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  hideDialer: boolean;
  notify: boolean;
  takeOver(): void;
  call(to: string): Promise<void>;
  accept(): void;
  reject(): void;
  hangup(): void;
  mute(on: boolean): void;
  sendDigits(digits: string): void;
}

/** The element's wording and the parts of other features the call view shows. */
/** The call view's wording: its own keys, and the extras chunk's for the quality row (written only once that chunk, which brings them, is here). */
export type CallViewText = ChunkText<CallViewStrings & ExtrasStrings>;

export interface CallViewHooks {
  /** the eager keys and the call view's own (twilio-phone-call-view.strings.ts, which its chunk brings) */
  text: CallViewText;
  /** the page's language for durations */
  locale(): string | undefined;
  /** the element's id prefix */
  ids: string;
  /** Told when the SDK call in front changes (call control and the pre-call test follow it; the view's quality row too). */
  onCall(call: Call | null): void;
  /** what Silence, Test speaker and Copy diagnostics do (the element's sound stand-in) */
  sound: SoundActions;
  /** the paused hint and the notification permission (the element's background stand-in) */
  background: BackgroundActions;
  /** call control's section of the call view */
  renderCallControl(view: CallView): TemplateResult | typeof nothing;
}

export const CALL_VIEW_LOAD_FAILED: PhoneError = { message: "The phone's call view could not be loaded." };

export class CallViewUi {
  /** the chunk's section, once it is here */
  section: CallViewSection | null = null;
  private loading: Promise<CallViewSection> | null = null;

  constructor(
    private readonly host: CallViewHost,
    private readonly session: DeviceSessionController,
    private readonly hooks: CallViewHooks,
  ) {}

  /** Loads the chunk once (again after a failed load); its section wires the calls to the session. */
  load(): Promise<CallViewSection> {
    this.loading ??= loadCallView().then(
      ({ CallViewSection }) => {
        this.section ??= new CallViewSection(this.host, this.session, this.hooks);
        this.host.requestUpdate();
        return this.section;
      },
      (err: unknown) => {
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }

  /** Beside the SDK chunk (the session's `beforeSdk`): resolves null once here, or the error to fail the start with. */
  prefetch(): Promise<PhoneError | null> {
    return this.load().then(
      () => null,
      () => CALL_VIEW_LOAD_FAILED,
    );
  }

  /** The calls, for call control's chunk (which waits for this one). */
  controller(): Promise<CallSessionController> {
    return this.load().then((section) => section.calls);
  }

  /** The calls once the chunk is here (null before: no Device either, so nothing to act on). */
  get live(): CallSessionController | null {
    return this.section?.calls ?? null;
  }

  /** The call in front, as rendered. */
  get view(): CallView | null {
    return this.section?.calls.view ?? null;
  }

  /** Places a call; a phone without the chunk has no Device either: not started. */
  place(to: string, params?: Record<string, string>): Promise<void> {
    if (!this.section) return Promise.reject(new Error('The phone is not started.'));
    return this.section.calls.place(to, params);
  }

  /** An incoming call from the SDK (whose Device the chunk came before: in practice it is here). */
  ring(call: Call): void {
    if (this.section) return this.section.calls.ring(call);
    this.load().then(
      (section) => section.calls.ring(call),
      () => call.reject(), // no view to answer it in: the caller hears it refused
    );
  }

  /** The call in front, else the dial form (nothing before the chunk: no Device, so neither could show). */
  render(state: PhoneState): TemplateResult | typeof nothing {
    return this.section?.render(state) ?? nothing;
  }

  /** How the last call ended (nothing before the chunk: no call either). */
  renderOutcome(): TemplateResult | typeof nothing {
    return this.section?.renderOutcome() ?? nothing;
  }

  /** The device pickers' row and the tools row (ready, busy, offline: never before the chunk). */
  renderDevices(): TemplateResult | typeof nothing {
    return this.section?.renderDevices() ?? nothing;
  }

  /** The standby row, the hint's content and the notify button (standby and the live states come after the chunk). */
  background(state: PhoneState): BackgroundRows | null {
    return this.section?.background(state) ?? null;
  }
}
