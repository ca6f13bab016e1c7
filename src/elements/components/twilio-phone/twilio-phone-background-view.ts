/**
 * The background-tab rows of `<twilio-phone>`, in the call view's chunk (twilio-phone-call-view.ts):
 * `single-tab`'s standby row with Take over, the hint after the browser paused the tab (or that
 * notifications are blocked), and `notify`'s permission button. Standby and the live states come
 * after the call view (the session awaits it before any Device), and so does the hint in practice:
 * pause detection starts when the phone asks for the SDK and the view. The element keeps the
 * hint's live region itself, so it is in the page before anything is said in it; the permission
 * request of the Start click stays eager too (twilio-phone-background.ts), inside the click.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { PhoneState } from '../../core/phone-state.js';
import type { CallViewText as Text } from './twilio-phone-call-view-ui.js';

/** What the rows show and act on: the element's background stand-in. */
export interface BackgroundActions {
  readonly pausedHint: { pausedMs: number } | null;
  dismissHint(): void;
  readonly notificationPermission: NotificationPermission | 'unsupported';
  requestNotifications(): Promise<void>;
}

export interface BackgroundRowsHost {
  notify: boolean;
  takeOver(): void;
}

/** The three places: the standby row, the hint's content (null: the hint is hidden), the notify button. */
export interface BackgroundRows {
  standby: TemplateResult | typeof nothing;
  hint: TemplateResult | null;
  notify: TemplateResult | typeof nothing;
}

const LIVE: ReadonlySet<PhoneState> = new Set(['ready', 'busy', 'offline', 'standby']);

export function backgroundRows(
  state: PhoneState,
  host: BackgroundRowsHost,
  background: BackgroundActions,
  text: Text,
  locale: string | undefined,
  ids: string,
): BackgroundRows {
  const paused = background.pausedHint;
  const permission = host.notify && LIVE.has(state) ? background.notificationPermission : null;
  const standbyId = `${ids}-standby`;
  return {
    standby:
      state === 'standby'
        ? html`<div part="standby" class="row">
            <span id=${standbyId}>${text('standbyHint')}</span>
            <button part="take-over-button" class="primary" aria-describedby=${standbyId} @click=${() => host.takeOver()}>${text('takeOver')}</button>
          </div>`
        : nothing,
    hint: paused
      ? html`<span>${text('pausedHint').replace('{seconds}', () => new Intl.NumberFormat(locale).format(Math.round(paused.pausedMs / 1000)))}</span>
          <button part="dismiss-button" @click=${() => background.dismissHint()}>${text('dismiss')}</button>`
      : permission === 'denied'
        ? html`<span>${text('notificationsBlocked')}</span>`
        : null,
    notify:
      permission === 'default'
        ? html`<button part="notify-button" @click=${() => background.requestNotifications()}>${text('enableNotifications')}</button>`
        : nothing,
  };
}
