/**
 * `<twilio-phone>`'s stand-in for call control, whose code is a lazy chunk (call-control-feature.ts):
 * with `call-control-url` set, the chunk is asked for beside the SDK chunk (`prefetch()`, once the
 * phone holds a token), when the attribute appears on a started phone, or by the first action.
 * Until it is here the phone shows no call-control controls and has no participants; then this
 * forwards to the section the chunk brings (twilio-phone-call-control-section.ts).
 */
import { nothing, type ReactiveController } from 'lit';
import type { CallControlController } from '../../controllers/call-control.js';
import type { CallSessionController, CallView } from '../../controllers/call-session.js';
import type { ActionRequest } from '../../core/call-control-machine.js';
import { CALL_CONTROL_CODES, CallControlError } from '../../core/call-control-error.js';
import type { Participant } from '../../core/call-control-messages.js';
import type { CallControlSection, CallControlSectionHost } from './twilio-phone-call-control-section.js';
import type { CallControlText } from './twilio-phone-call-control.js';

const unavailable = (message: string) => new CallControlError({ code: CALL_CONTROL_CODES.unavailable, message });
const ignore = () => undefined;

export class CallControlUi implements ReactiveController {
  private section: CallControlSection | null = null;
  private loading: Promise<CallControlController> | null = null;
  /** the phone has asked for the SDK: from then on a `call-control-url` brings the chunk at once */
  private started = false;

  constructor(
    private readonly host: CallControlSectionHost,
    /** the calls, from the call view's chunk (which the Device waits for, so in practice it is here) */
    private readonly calls: () => Promise<CallSessionController>,
    private readonly text: CallControlText,
    private readonly ids: string,
  ) {
    host.addController(this);
  }

  /** Beside the SDK chunk (the session's `beforeSdk`): a phone without `call-control-url` asks for nothing. */
  prefetch(): void {
    this.started = true;
    this.hostUpdate();
  }

  /** Before each update: a `call-control-url` set on a started phone (during a call, say) loads the chunk. */
  hostUpdate(): void {
    if (this.started && this.host.callControlUrl) this.load().catch(ignore);
  }

  /** the last announcement (the status line shows it during a call) */
  get notice(): string {
    return this.section?.notice ?? '';
  }

  get participants(): Participant[] {
    return this.section?.participants ?? [];
  }

  /** Runs an action, loading call control's code first if needed. */
  async act(request: ActionRequest): Promise<void> {
    if (!this.host.callControlUrl) throw unavailable('This phone has no call-control-url.');
    return (await this.load()).request(request);
  }

  /** Answers a waiting call (holding the current one); false when there is none to answer this way. */
  acceptWaiting(): boolean {
    return !!this.section?.acceptWaiting();
  }

  switchCalls(): void {
    this.section?.controller.switchCalls();
  }

  /** The call in front is gone: its announcement and open form with it. */
  callEnded(): void {
    this.section?.callEnded();
  }

  /** The waiting/held call and the call-control section of the call view (nothing before the chunk). */
  render(view: CallView) {
    return this.section?.render(view) ?? nothing;
  }

  /** Loads the chunk once (again after a failed load); its section wires its controller to the calls. */
  load(): Promise<CallControlController> {
    this.loading ??= Promise.all([import('./call-control-feature.js'), this.calls()]).then(
      ([{ CallControlSection }, calls]) => {
        this.section = new CallControlSection(this.host, calls, this.text, this.ids);
        this.host.requestUpdate();
        return this.section.controller;
      },
      () => {
        this.loading = null;
        throw unavailable('The call-control code could not be loaded.');
      },
    );
    return this.loading;
  }
}
