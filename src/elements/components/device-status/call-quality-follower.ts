/**
 * `<device-status>`'s call quality: follows the linked phone's
 * `twilio-phone-call-quality` and `twilio-phone-call-state-change` events and
 * renders the indicator while a call is up (from connected to ended).
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { qualityBars, type QualityLevel } from '../../core/call-quality.js';
import { LEVEL_STRING, type QualityLevelStrings } from '../../core/quality-labels.js';
import type { TwilioPhoneCallQualityEvent, TwilioPhoneCallStateChangeEvent } from '../../events.js';
import { qualityBarsTemplate } from '../quality-indicator.js';

/** Not a reactive controller: the element links and unlinks it with its phone (`follow`). */
export class CallQualityFollower {
  /** null: no call up; 'measuring': connected, no level yet */
  level: QualityLevel | 'measuring' | null = null;
  private phone: HTMLElement | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Follows `phone`'s calls (null: none). */
  follow(phone: HTMLElement | null): void {
    if (phone === this.phone) return;
    this.phone?.removeEventListener('twilio-phone-call-quality', this.onQuality);
    this.phone?.removeEventListener('twilio-phone-call-state-change', this.onCallState);
    this.phone = phone;
    phone?.addEventListener('twilio-phone-call-quality', this.onQuality);
    phone?.addEventListener('twilio-phone-call-state-change', this.onCallState);
    this.show(null);
  }

  render(text: (key: keyof QualityLevelStrings) => string) {
    const level = this.level;
    if (!level) return nothing;
    const label = text('callQuality').replace('{level}', level === 'measuring' ? text('qualityMeasuring') : text(LEVEL_STRING[level]));
    return html`<span part="quality" data-level=${level} data-bars=${qualityBars(level === 'measuring' ? null : level)}>
      ${qualityBarsTemplate}<span part="quality-label">${label}</span>
    </span>`;
  }

  private readonly onQuality = (event: Event) => {
    if (event.composedPath()[0] !== this.phone) return;
    this.show((event as TwilioPhoneCallQualityEvent).detail.level ?? 'measuring');
  };

  private readonly onCallState = (event: Event) => {
    if (event.composedPath()[0] !== this.phone) return;
    const { callState } = (event as TwilioPhoneCallStateChangeEvent).detail;
    if (callState === 'connected') this.show(this.level ?? 'measuring');
    else if (callState === 'ended') this.show(null);
  };

  private show(level: CallQualityFollower['level']): void {
    if (level === this.level) return;
    this.level = level;
    this.host.requestUpdate();
  }
}
