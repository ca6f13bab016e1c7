/** How many of each `diagnostics()` keeps, newest last: the recorder (always loaded) and the report (loaded when asked for) share them. */
export const DIAGNOSTICS_LIMITS = { errors: 10, calls: 5, samplesPerCall: 10 } as const;
