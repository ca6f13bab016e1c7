/**
 * Did this page stop running for a while? A frozen or suspended tab answers no
 * signaling heartbeats, so the gateway may have stopped delivering calls to it
 * while the SDK still says `registered` (twilio-voice.js issue #444). A page
 * cannot see its own freeze while it happens; afterwards it sees a `resume`
 * event (Page Lifecycle API, Chrome only), a timer that fires far too late, or
 * the tab becoming visible again. This decides, from those signals, when the
 * phone must check its registration.
 */

import { DEFAULT_LIVENESS_POLICY, type LivenessPolicy } from './liveness-policy.js';

export { DEFAULT_LIVENESS_POLICY, type LivenessPolicy };

export type PageSignal =
  | { type: 'tick'; now: number }
  | { type: 'hidden'; now: number }
  | { type: 'visible'; now: number }
  | { type: 'freeze'; now: number }
  | { type: 'resume'; now: number };

export interface LivenessSnapshot {
  /** when the page last ran (any signal) */
  lastSeenAt: number;
  hiddenSince: number | null;
  /** when a `freeze` event was seen, until its `resume` */
  frozenAt: number | null;
}

/** Why the phone doubts its registration (the `reason` of its `state-change` to `offline`). */
export type SuspectReason = 'page-resumed' | 'clock-gap' | 'page-visible';

export interface Suspicion {
  reason: SuspectReason;
  /** how long the page did not run, when a pause of at least `gapMs` was seen; null otherwise (only hidden a long time, or a brief freeze) */
  pausedMs: number | null;
}

export function initialLiveness(now: number, hidden: boolean): LivenessSnapshot {
  return { lastSeenAt: now, hiddenSince: hidden ? now : null, frozenAt: null };
}

export function observePage(
  s: LivenessSnapshot,
  signal: PageSignal,
  policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY,
): { snapshot: LivenessSnapshot; suspect: Suspicion | null } {
  const { now } = signal;
  const silentFor = now - s.lastSeenAt; // negative when the clock was set back: no gap then
  const gap = silentFor >= policy.tickMs + policy.gapMs ? silentFor : null;
  const next: LivenessSnapshot = { ...s, lastSeenAt: now };
  switch (signal.type) {
    case 'freeze':
      return { snapshot: { ...next, frozenAt: now }, suspect: gap === null ? null : { reason: 'clock-gap', pausedMs: gap } };
    case 'resume': {
      const frozenFor = s.frozenAt !== null ? now - s.frozenAt : (gap ?? 0);
      return { snapshot: { ...next, frozenAt: null }, suspect: { reason: 'page-resumed', pausedMs: frozenFor >= policy.gapMs ? frozenFor : null } };
    }
    case 'hidden':
      return { snapshot: { ...next, hiddenSince: s.hiddenSince ?? now }, suspect: gap === null ? null : { reason: 'clock-gap', pausedMs: gap } };
    case 'visible': {
      const snapshot = { ...next, hiddenSince: null };
      if (gap !== null) return { snapshot, suspect: { reason: 'clock-gap', pausedMs: gap } };
      const longHidden = s.hiddenSince !== null && now - s.hiddenSince >= policy.hiddenMs;
      return { snapshot, suspect: longHidden ? { reason: 'page-visible', pausedMs: null } : null };
    }
    case 'tick':
      return { snapshot: next, suspect: gap === null ? null : { reason: 'clock-gap', pausedMs: gap } };
  }
}
