/** Twilio's wire formats shared by the REST resources: SIDs, dates, list pages. */
import { randomBytes } from 'node:crypto';

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** ISO 8601 without milliseconds (the v2 APIs). */
export function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 2822 (the 2010-04-01 API). */
export function rfc2822(t: number): string {
  return new Date(t).toUTCString().replace(/GMT$/, '+0000');
}

/** One page of a v2 list: everything on page 0. */
export function page(key: string, url: string, items: unknown[]): Record<string, unknown> {
  return {
    [key]: items,
    meta: {
      page: 0,
      page_size: Math.max(items.length, 50),
      first_page_url: `${url}?PageSize=50&Page=0`,
      previous_page_url: null,
      url: `${url}?PageSize=50&Page=0`,
      next_page_url: null,
      key,
    },
  };
}
