/** How many of each `diagnostics()` keeps, newest last: the recorder (loaded with the phone's sound features) and the report (loaded when asked for) share them. */
export const DIAGNOSTICS_LIMITS = { errors: 10, calls: 5, samplesPerCall: 10 } as const;

/** The phone's events the recorder keeps what it needs of; the element hears them from the start (twilio-phone-sound-ui.ts). */
export const RECORDED_EVENTS = ['twilio-phone-error', 'twilio-phone-call-state-change', 'twilio-phone-call-quality', 'twilio-phone-quality-warning'] as const;
