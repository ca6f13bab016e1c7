/**
 * `<twilio-phone>`'s call-control section, in the lazy chunk (call-control-feature.ts): the
 * controller, the state of the small forms and the announcement, the call view's section and its
 * styles (added to the shadow root when the chunk arrives, before anything of it renders). The
 * element reaches it through the thin stand-in of twilio-phone-call-control-ui.ts.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { CallControlController } from '../../controllers/call-control.js';
import type { CallSessionController, CallView } from '../../controllers/call-session.js';
import { activeCall, isHeld, outsideConference, shownParticipants, type ActionRequest } from '../../core/call-control-machine.js';
import type { CallControlErrorInfo } from '../../core/call-control-error.js';
import type { Participant } from '../../core/call-control-messages.js';
import { addStyles } from '../../dom/add-styles.js';
import { renderCallControl, renderOtherCall, type CallControlForm, type CallControlHandlers, type CallControlText } from './twilio-phone-call-control.js';
import { twilioPhoneCallControlStyles } from './twilio-phone-call-control.styles.js';
import type { CallControlStrings } from './twilio-phone-call-control.strings.js';

type Text = CallControlText;

/** What the section needs of the element: its attribute, shadow root, and the methods its controls call. */
export interface CallControlSectionHost extends ReactiveControllerHost, HTMLElement {
  callControlUrl: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  accept(): void;
  reject(): void;
}

/** What the status line announces when an action is done (call waiting's own hold/unhold say nothing). */
const ANNOUNCE: Partial<Record<ActionRequest['action'], keyof CallControlStrings>> = {
  hold: 'announceHeld',
  unhold: 'announceResumed',
  'complete-transfer': 'announceTransferCompleted',
  'cancel-transfer': 'announceTransferCancelled',
  add: 'announceAdded',
  remove: 'announceRemoved',
};

const ignore = () => undefined;

export class CallControlSection implements ReactiveController {
  /** the last announcement (the status line shows it during a call) */
  notice = '';
  readonly controller: CallControlController;
  private form: CallControlForm = 'none';
  private formError = '';

  constructor(
    private readonly host: CallControlSectionHost,
    private readonly calls: CallSessionController,
    private readonly text: Text,
    private readonly ids: string,
  ) {
    addStyles(host.renderRoot, twilioPhoneCallControlStyles);
    this.controller = new CallControlController(host, calls);
    this.controller.onSettled = (request, error, internal) => this.announce(request, error, internal);
    host.addController(this);
  }

  hostDisconnected(): void {
    // Moving the element in the DOM disconnects and reconnects it in one task: the calls stay then.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.controller.teardown();
    });
  }

  get participants(): Participant[] {
    return shownParticipants(this.controller.snapshot);
  }

  /** Answers a waiting call (holding the current one); false when there is none to answer this way. */
  acceptWaiting(): boolean {
    if (!this.calls.waitingRings || !this.controller.enabled) return false;
    this.controller.acceptWaiting();
    return true;
  }

  /** The call in front is gone: its announcement and open form with it. */
  callEnded(): void {
    this.notice = '';
    this.form = 'none';
  }

  /** The waiting/held call and the call-control section of the call view. */
  render(view: CallView) {
    const controller = this.controller;
    if (!controller.enabled) return nothing;
    const call = activeCall(controller.snapshot);
    const model = {
      connected: view.callState === 'connected' && !!call?.connected,
      outsideConference: outsideConference(call),
      held: isHeld(call),
      warmTransfer: !!call?.warmTransfer,
      participants: shownParticipants(controller.snapshot),
      other: this.calls.otherView,
      form: this.form,
      error: call?.error?.message ?? '',
      formError: this.formError,
      ids: this.ids,
    };
    return html`${renderOtherCall(model, this.handlers, this.text)}${renderCallControl(model, this.handlers, this.text)}`;
  }

  /** An action from the controls: its outcome shows in the section and the status line, so the promise is not needed. */
  private act(request: ActionRequest): void {
    this.controller.request(request).catch(ignore);
  }

  private set(patch: Partial<Pick<CallControlSection, 'notice'>> & { form?: CallControlForm; formError?: string }): void {
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
    toggleHold: () => this.act({ action: isHeld(activeCall(this.controller.snapshot)) ? 'unhold' : 'hold' }),
    openForm: (form) => {
      const closing = this.form;
      this.set({ form, formError: '' });
      // Opening focuses the destination; closing (Cancel, Escape) returns focus to the button that opened the form.
      const target = form !== 'none' ? `[part="${form}-input"]` : closing !== 'none' ? `[part="${closing}-button"]` : '';
      if (target) this.focusAfterUpdate(target);
    },
    submitTransfer: (to, mode) => {
      if (this.checkDestination(to)) this.act({ action: 'transfer', to: to.trim(), mode });
    },
    submitAdd: (to) => {
      if (this.checkDestination(to)) this.act({ action: 'add', to: to.trim() });
    },
    completeTransfer: () => this.act({ action: 'complete-transfer' }),
    cancelTransfer: () => this.act({ action: 'cancel-transfer' }),
    remove: (id) => this.act({ action: 'remove', participant: id }),
    acceptWaiting: () => this.host.accept(),
    rejectWaiting: () => this.host.reject(),
    switchCalls: () => this.controller.switchCalls(),
  };
}
