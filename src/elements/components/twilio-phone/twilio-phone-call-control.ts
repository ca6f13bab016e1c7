/**
 * The call-control section of `<twilio-phone call-control-url>`'s call view: Hold, Transfer (a
 * small form; then Complete / Cancel while a warm transfer waits), Add, the participant list
 * with Remove, and call waiting (the waiting call's Accept / Reject, Switch). Templates only:
 * the element keeps the state and passes the handlers.
 */
import { html, nothing } from 'lit';
import type { Participant, ParticipantRole } from '../../core/call-control-messages.js';
import type { TransferMode } from '../../core/call-control-machine.js';
import type { CallView } from '../../controllers/call-session.js';
import type { ChunkText } from './twilio-phone.eager-strings.js';
import type { CallControlStrings } from './twilio-phone-call-control.strings.js';
import type { CallViewStrings } from './twilio-phone-call-view.strings.js';

/**
 * Call control's wording: the eager keys, its own (twilio-phone-call-control.strings.ts, which its chunk
 * brings), and the call view's Reject (call control renders only inside the call view, whose chunk brings it).
 */
export type CallControlText = ChunkText<CallControlStrings & Pick<CallViewStrings, 'reject'>>;
type Text = CallControlText;

/** Which small form is open. */
export type CallControlForm = 'none' | 'transfer' | 'add';

export interface CallControlModel {
  /** the front call is connected: the actions apply */
  connected: boolean;
  /** the server said the front call is in no conference: no controls */
  outsideConference: boolean;
  held: boolean;
  warmTransfer: boolean;
  participants: Participant[];
  /** the other call: ringing (waiting) or held for the front one */
  other: CallView | null;
  form: CallControlForm;
  /** the last failed action's message (text) */
  error: string;
  /** the form's own problem (an empty destination) */
  formError: string;
  ids: string;
}

export interface CallControlHandlers {
  toggleHold(): void;
  openForm(form: CallControlForm): void;
  submitTransfer(to: string, mode: TransferMode): void;
  submitAdd(to: string): void;
  completeTransfer(): void;
  cancelTransfer(): void;
  remove(id: string): void;
  acceptWaiting(): void;
  rejectWaiting(): void;
  switchCalls(): void;
}

export const ROLE_STRING: Record<ParticipantRole, keyof CallControlStrings> = {
  you: 'roleYou',
  remote: 'roleRemote',
  consulted: 'roleConsulted',
  added: 'roleAdded',
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** The waiting call (Accept / Reject) or the call held for the front one (Switch). */
export function renderOtherCall(m: CallControlModel, on: CallControlHandlers, text: Text) {
  const other = m.other;
  if (!other) return nothing;
  if (other.direction === 'incoming' && other.callState === 'ringing')
    return html`<div part="waiting" class="row">
      <span>${fill(text('callWaiting'), { from: other.remote })}</span>
      <button part="accept-waiting-button" class="success" type="button" @click=${on.acceptWaiting}>${text('acceptWaiting')}</button>
      <button part="reject-waiting-button" class="danger" type="button" @click=${on.rejectWaiting}>${text('reject')}</button>
    </div>`;
  return html`<div part="waiting" class="row">
    <span>${fill(text('heldCall'), { remote: other.remote })}</span>
    ${m.connected ? html`<button part="switch-button" type="button" @click=${on.switchCalls}>${text('switchCall')}</button>` : nothing}
  </div>`;
}

export function renderCallControl(m: CallControlModel, on: CallControlHandlers, text: Text) {
  if (!m.connected || m.outsideConference) return nothing;
  const errId = `${m.ids}-cc-form-error`;
  const formError = html`<span id=${errId} class="field-error">${m.formError}</span>`;
  const destination = (part: string, label: keyof CallControlStrings) =>
    html`<label>
      ${text(label)}
      <input
        part=${part}
        name="to"
        autocomplete="off"
        spellcheck="false"
        placeholder=${text('destinationPlaceholder')}
        aria-invalid=${m.formError ? 'true' : 'false'}
        aria-describedby=${errId}
      />
    </label>`;
  const onTransfer = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const to = data.get('to');
    on.submitTransfer(typeof to === 'string' ? to : '', data.get('mode') === 'warm' ? 'warm' : 'cold');
  };
  // Escape closes the open form (focus returns to the button that opened it).
  const onFormKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    on.openForm('none');
  };
  const onAdd = (e: SubmitEvent) => {
    e.preventDefault();
    const to = new FormData(e.currentTarget as HTMLFormElement).get('to');
    on.submitAdd(typeof to === 'string' ? to : '');
  };
  return html`<div part="call-control" role="group" aria-label=${text('callControl')}>
    <div class="row">
      <button part="hold-button" type="button" aria-pressed=${m.held ? 'true' : 'false'} @click=${on.toggleHold}>${text('hold')}</button>
      ${
        m.warmTransfer
          ? nothing
          : html`<button part="transfer-button" type="button" aria-expanded=${m.form === 'transfer' ? 'true' : 'false'} @click=${() => on.openForm(m.form === 'transfer' ? 'none' : 'transfer')}>
              ${text('transfer')}
            </button>
            <button part="add-button" type="button" aria-expanded=${m.form === 'add' ? 'true' : 'false'} @click=${() => on.openForm(m.form === 'add' ? 'none' : 'add')}>
              ${text('addParticipant')}
            </button>`
      }
    </div>
    ${
      m.form === 'transfer' && !m.warmTransfer
        ? html`<form part="transfer-form" class="row" novalidate @submit=${onTransfer} @keydown=${onFormKeydown}>
            ${destination('transfer-input', 'transferTo')}
            <fieldset part="transfer-mode">
              <legend>${text('transferMode')}</legend>
              <label class="choice"><input type="radio" name="mode" value="cold" checked /> ${text('transferCold')}</label>
              <label class="choice"><input type="radio" name="mode" value="warm" /> ${text('transferWarm')}</label>
            </fieldset>
            <button part="transfer-submit" class="primary" type="submit">${text('transfer')}</button>
            <button part="form-cancel" type="button" @click=${() => on.openForm('none')}>${text('cancel')}</button>
            ${formError}
          </form>`
        : nothing
    }
    ${
      m.form === 'add' && !m.warmTransfer
        ? html`<form part="add-form" class="row" novalidate @submit=${onAdd} @keydown=${onFormKeydown}>
            ${destination('add-input', 'addTo')}
            <button part="add-submit" class="primary" type="submit">${text('addParticipant')}</button>
            <button part="form-cancel" type="button" @click=${() => on.openForm('none')}>${text('cancel')}</button>
            ${formError}
          </form>`
        : nothing
    }
    ${
      m.warmTransfer
        ? html`<div part="transfer-pending" class="row">
            <span>${text('consulting')}</span>
            <button part="complete-transfer-button" class="primary" type="button" @click=${on.completeTransfer}>${text('completeTransfer')}</button>
            <button part="cancel-transfer-button" type="button" @click=${on.cancelTransfer}>${text('cancelTransfer')}</button>
          </div>`
        : nothing
    }
    ${m.error ? html`<div part="call-control-error">${m.error}</div>` : nothing}
    ${m.participants.length ? renderParticipants(m.participants, on, text) : nothing}
  </div>`;
}

function renderParticipants(participants: Participant[], on: CallControlHandlers, text: Text) {
  return html`<ul part="participants" aria-label=${text('participants')}>
    ${participants.map(
      (p) => html`<li part="participant" data-role=${p.role} data-id=${p.id}>
        <span part="participant-label">${p.role === 'you' ? text('roleYou') : p.label}</span>
        ${p.role === 'you' ? nothing : html`<span part="participant-role">${text(ROLE_STRING[p.role])}</span>`}
        ${p.onHold ? html`<span part="participant-mark" data-mark="hold">${text('onHoldMark')}</span>` : nothing}
        ${p.muted ? html`<span part="participant-mark" data-mark="muted">${text('mutedMark')}</span>` : nothing}
        ${
          p.role === 'you'
            ? nothing
            : html`<button part="remove-button" type="button" aria-label=${fill(text('removeParticipant'), { label: p.label })} @click=${() => on.remove(p.id)}>
                ${text('remove')}
              </button>`
        }
      </li>`,
    )}
  </ul>`;
}
