/**
 * `<twilio-phone>`'s side of call control, kept out of the element's file: loads the call-control
 * chunk when `call-control-url` is set, runs the public methods through it, keeps the state of the
 * small forms and the announcement, and renders the call view's section. The element forwards to it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CallControlController } from '../../controllers/call-control.js';
import type { CallSessionController, CallView } from '../../controllers/call-session.js';
import { activeCall, isHeld, outsideConference, shownParticipants, type ActionRequest } from '../../core/call-control-machine.js';
import { CALL_CONTROL_CODES, CallControlError, type CallControlErrorInfo, type Participant } from '../../core/call-control-messages.js';
import type * as CallControlFeatureModule from './call-control-feature.js';
import type { CallControlForm, CallControlHandlers } from './twilio-phone-call-control.js';
import type { TwilioPhoneStrings } from './twilio-phone.strings.js';

type CallControlFeature = typeof CallControlFeatureModule;
type Text = (key: keyof TwilioPhoneStrings) => string;

/** What the section needs of the element: its attribute, shadow root, and the methods its controls call. */
export interface CallControlUiHost extends ReactiveControllerHost, HTMLElement {
  callControlUrl: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  accept(): void;
  reject(): void;
}

/** What the status line announces when an action is done (call waiting's own hold/unhold say nothing). */
const ANNOUNCE: Partial<Record<ActionRequest['action'], keyof TwilioPhoneStrings>> = {
  hold: 'announceHeld',
  unhold: 'announceResumed',
  'complete-transfer': 'announceTransferCompleted',
  'cancel-transfer': 'announceTransferCancelled',
  add: 'announceAdded',
  remove: 'announceRemoved',
};

const ignore = () => undefined;

export class CallControlUi implements ReactiveController {
  /** the last announcement (the status line shows it during a call) */
  notice = '';
  private form: CallControlForm = 'none';
  private formError = '';
  private controller: CallControlController | null = null;
  private feature: CallControlFeature | null = null;
  private loading: Promise<CallControlController> | null = null;

  constructor(
    private readonly host: CallControlUiHost,
    private readonly calls: CallSessionController,
    private readonly text: Text,
    private readonly ids: string,
  ) {
    host.addController(this);
  }

  /** Before each update: a `call-control-url` that appeared loads the chunk. */
  hostUpdate(): void {
    if (this.host.callControlUrl && !this.loading) this.load().catch(ignore);
  }

  hostDisconnected(): void {
    // Moving the element in the DOM disconnects and reconnects it in one task: the calls stay then.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.controller?.teardown();
    });
  }

  get enabled(): boolean {
    return !!this.controller?.enabled;
  }

  get participants(): Participant[] {
    return this.controller ? shownParticipants(this.controller.snapshot) : [];
  }

  /** Runs an action, loading call control's code first if needed. */
  async act(request: ActionRequest): Promise<void> {
    if (!this.host.callControlUrl) throw new CallControlError({ code: CALL_CONTROL_CODES.unavailable, message: 'This phone has no call-control-url.' });
    const controller = await this.load();
    return controller.request(request);
  }

  /** Answers a waiting call (holding the current one); false when there is none to answer this way. */
  acceptWaiting(): boolean {
    if (!this.calls.waitingRings || !this.controller?.enabled) return false;
    this.controller.acceptWaiting();
    return true;
  }

  switchCalls(): void {
    this.controller?.switchCalls();
  }

  /** The call in front is gone: its announcement and open form with it. */
  callEnded(): void {
    this.notice = '';
    this.form = 'none';
  }

  /** The waiting/held call and the call-control section of the call view. */
  render(view: CallView) {
    const feature = this.feature;
    const controller = this.controller;
    if (!controller?.enabled || !feature) return nothing;
    const call = activeCall(controller.snapshot);
    const model = {
      connected: view.callState === 'connected' && !!call?.connected,
      outsideConference: outsideConference(call),
      held: isHeld(call),
      warmTransfer: !!call?.warmTransfer,
      participants: call?.participants ?? [],
      other: this.calls.otherView,
      form: this.form,
      error: call?.error?.message ?? '',
      formError: this.formError,
      ids: this.ids,
    };
    return html`${feature.renderOtherCall(model, this.handlers, this.text)}${feature.renderCallControl(model, this.handlers, this.text)}`;
  }

  /** Loads call control's chunk once (again after a failed load) and wires its controller to the calls. */
  private load(): Promise<CallControlController> {
    this.loading ??= import('./call-control-feature.js').then(
      (feature) => {
        const controller = new feature.CallControlController(this.host, this.calls);
        controller.onSettled = (request, error, internal) => this.announce(request, error, internal);
        this.feature = feature;
        this.controller = controller;
        this.host.requestUpdate();
        return controller;
      },
      () => {
        this.loading = null;
        throw new CallControlError({ code: CALL_CONTROL_CODES.unavailable, message: 'The call-control code could not be loaded.' });
      },
    );
    return this.loading;
  }

  private set(patch: Partial<Pick<CallControlUi, 'notice'>> & { form?: CallControlForm; formError?: string }): void {
    if (patch.notice !== undefined) this.notice = patch.notice;
    if (patch.form !== undefined) this.form = patch.form;
    if (patch.formError !== undefined) this.formError = patch.formError;
    this.host.requestUpdate();
  }

  private focusAfterUpdate(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Announces an action's outcome through the status line (a polite live region). */
  private announce(request: ActionRequest, error: CallControlErrorInfo | undefined, internal: boolean): void {
    if (!this.calls.view) return; // the call ended first (a cold transfer ends this leg): nothing left to say it in
    if (error) return this.set({ notice: this.text('announceFailed').replace('{message}', () => error.message) });
    if (internal) return;
    const key = request.action === 'transfer' ? (request.mode === 'warm' ? 'announceConsulting' : 'announceTransferred') : ANNOUNCE[request.action];
    if (key) this.set({ notice: this.text(key) });
    if (request.action !== 'transfer' && request.action !== 'add') return;
    // The form closes: focus goes to what comes next (Complete for a warm transfer), never to the page's start.
    const hadFocus = this.form !== 'none' && !!this.host.renderRoot.querySelector(`[part="${this.form}-form"]`)?.matches(':focus-within');
    this.set({ form: 'none' });
    if (hadFocus) this.focusAfterUpdate(`[part="${request.action === 'add' ? 'add-button' : 'complete-transfer-button'}"]`);
  }

  private checkDestination(to: string): boolean {
    const problem = to.trim() ? '' : this.text('destinationEmpty');
    this.set({ formError: problem });
    if (problem) this.host.renderRoot.querySelector<HTMLInputElement>(`[part="${this.form}-input"]`)?.focus();
    return !problem;
  }

  private readonly handlers: CallControlHandlers = {
    toggleHold: () => void this.act({ action: this.controller && isHeld(activeCall(this.controller.snapshot)) ? 'unhold' : 'hold' }).catch(ignore),
    openForm: (form) => {
      const closing = this.form;
      this.set({ form, formError: '' });
      // Opening focuses the destination; closing (Cancel, Escape) returns focus to the button that opened the form.
      const target = form !== 'none' ? `[part="${form}-input"]` : closing !== 'none' ? `[part="${closing}-button"]` : '';
      if (target) this.focusAfterUpdate(target);
    },
    submitTransfer: (to, mode) => {
      if (this.checkDestination(to)) void this.act({ action: 'transfer', to: to.trim(), mode }).catch(ignore);
    },
    submitAdd: (to) => {
      if (this.checkDestination(to)) void this.act({ action: 'add', to: to.trim() }).catch(ignore);
    },
    completeTransfer: () => void this.act({ action: 'complete-transfer' }).catch(ignore),
    cancelTransfer: () => void this.act({ action: 'cancel-transfer' }).catch(ignore),
    remove: (id) => void this.act({ action: 'remove', participant: id }).catch(ignore),
    acceptWaiting: () => this.host.accept(),
    rejectWaiting: () => this.host.reject(),
    switchCalls: () => this.switchCalls(),
  };
}
