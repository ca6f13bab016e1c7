/** Verify's TOTP resources as the emulator keeps them (in memory, per service), and its limits. */
import type { EmulatorAccount } from '../../auth/test-accounts.js';

export type Alg = 'sha1' | 'sha256' | 'sha512';

export interface TotpConfig {
  alg: Alg;
  skew: number;
  code_length: number;
  time_step: number;
}

export interface Factor {
  sid: string;
  identity: string;
  entitySid: string;
  friendlyName: string;
  secret: string;
  config: TotpConfig;
  status: 'unverified' | 'verified';
  metadata: unknown;
  dateCreated: number;
  dateUpdated: number;
  failedAttempts: number;
}

export interface Challenge {
  sid: string;
  identity: string;
  entitySid: string;
  factorSid: string;
  status: 'pending' | 'approved' | 'expired' | 'denied';
  /** Twilio's enum has no null: a challenge nobody answered yet says `none`. */
  respondedReason: 'none' | 'not_needed' | 'not_requested';
  details: unknown;
  hiddenDetails: unknown;
  metadata: unknown;
  dateCreated: number;
  dateUpdated: number;
  dateResponded: number | null;
  expirationDate: number;
  failedAttempts: number;
}

export interface Entity {
  sid: string;
  identity: string;
  dateCreated: number;
  dateUpdated: number;
  factors: Map<string, Factor>;
  challenges: Map<string, Challenge>;
}

export interface ServiceState {
  account: EmulatorAccount;
  sid: string;
  dateCreated: number;
  entities: Map<string, Entity>;
}

/** What the Verify handlers share: the clock and the wrong-code behaviour (both switchable at run time). */
export interface VerifyContext {
  now: () => number;
  /** Pre-Oct-2021 wrong-code errors (403 60311 / 60324). */
  legacy: () => boolean;
}

export const MAX_ATTEMPTS = 5;
export const MAX_TOTP_FACTORS = 100;
export const DEFAULT_CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const MAX_CHALLENGE_TTL_MS = 60 * 60 * 1000;
export const IDENTITY_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const FACTOR_SID_RE = /^YF[0-9a-fA-F]{32}$/;
export const VERIFY_BASE = 'https://verify.twilio.com/v2';
