/**
 * What enrolment checks before it creates a factor: an identity that already has a verified
 * factor is refused (409 `factor-exists`) unless the app's `mayReplaceFactor` hook allows it,
 * and abandoned unverified factors of the identity are removed (all but the newest, which
 * another open tab may still be scanning), so repeated enrolments never reach Twilio's
 * factor limit (60315) and lock the real user out.
 */
import { HttpError } from './endpoint.js';

export interface FactorSummary {
  sid: string;
  status: string;
  dateCreated: number;
}

interface FactorListLike {
  list(params: { limit: number }): Promise<Array<{ sid: string; status: string; dateCreated?: Date }>>;
}

interface FactorContextLike {
  remove(): Promise<boolean>;
}

export interface EntityLike {
  factors: FactorListLike & ((sid: string) => FactorContextLike);
}

/** The identity's factors; an entity Twilio does not know yet has none. */
export async function listFactors(entity: EntityLike): Promise<FactorSummary[]> {
  try {
    const list = await entity.factors.list({ limit: 100 });
    return list.map((f) => ({ sid: f.sid, status: f.status, dateCreated: f.dateCreated?.getTime() ?? 0 }));
  } catch (err) {
    if ((err as { status?: unknown }).status === 404) return [];
    throw err;
  }
}

export function verifiedFactorSids(factors: FactorSummary[]): string[] {
  return factors.filter((f) => f.status === 'verified').map((f) => f.sid);
}

/** Unverified factors other than the newest one. */
export function abandonedFactorSids(factors: FactorSummary[]): string[] {
  const unverified = factors.filter((f) => f.status !== 'verified').sort((a, b) => b.dateCreated - a.dateCreated);
  return unverified.slice(1).map((f) => f.sid);
}

export async function removeFactors(entity: EntityLike, sids: string[]): Promise<void> {
  await Promise.all(
    sids.map((sid) =>
      entity
        .factors(sid)
        .remove()
        .catch((err: { status?: unknown }) => {
          if (err?.status !== 404) throw err; // removed meanwhile (another tab): fine
        }),
    ),
  );
}

export function factorExists(): HttpError {
  return new HttpError(
    409,
    'This account already has a verified authenticator. Sign in with it, or ask to have it reset before enrolling a new one.',
    'factor-exists',
  );
}
