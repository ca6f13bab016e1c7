/**
 * The default strings known so far: the eager table, and each lazy chunk's table once its module
 * has run (the chunk's entry adds it on evaluation, before anything of the chunk renders). Only
 * the chunks' wording reads it (the element's `chunkText`); the element's own keys are eager.
 */
import { EAGER_STRINGS } from './twilio-phone.eager-strings.js';
import type { TwilioPhoneStrings } from './twilio-phone.strings.js';

const known: Partial<TwilioPhoneStrings> = { ...EAGER_STRINGS };

/** Called by a chunk's entry module with its own defaults. */
export function addDefaults(table: Partial<TwilioPhoneStrings>): void {
  Object.assign(known, table);
}

/** The default of `key`; the key itself if no loaded table has it (a chunk's types allow only its own keys). */
export function defaultText(key: keyof TwilioPhoneStrings): string {
  return known[key] ?? key;
}
