/** Verify's snake_case JSON views of services, entities, factors and challenges. */
import { iso } from '../format.js';
import { VERIFY_BASE, type Challenge, type Entity, type Factor, type ServiceState } from './model.js';
import { refreshExpiry, totpFor } from './totp.js';

export function serviceJson(s: ServiceState): Record<string, unknown> {
  const url = `${VERIFY_BASE}/Services/${s.sid}`;
  return {
    sid: s.sid,
    account_sid: s.account.accountSid,
    friendly_name: s.account.friendlyName,
    code_length: 6,
    lookup_enabled: false,
    psd2_enabled: false,
    skip_sms_to_landlines: false,
    dtmf_input_required: false,
    tts_name: null,
    do_not_share_warning_enabled: false,
    custom_code_enabled: false,
    push: { include_date: false, apn_credential_sid: null, fcm_credential_sid: null },
    totp: { issuer: s.account.friendlyName, time_step: 30, code_length: 6, skew: 1 },
    default_template_sid: null,
    whatsapp: { msg_service_sid: null, from: null },
    passkeys: {
      relying_party: { id: null, name: null, origins: null },
      authenticator_attachment: null,
      discoverable_credentials: null,
      user_verification: null,
    },
    verify_event_subscription_enabled: false,
    date_created: iso(s.dateCreated),
    date_updated: iso(s.dateCreated),
    url,
    links: {
      verification_checks: `${url}/VerificationCheck`,
      verifications: `${url}/Verifications`,
      rate_limits: `${url}/RateLimits`,
      messaging_configurations: `${url}/MessagingConfigurations`,
      entities: `${url}/Entities`,
      webhooks: `${url}/Webhooks`,
      access_tokens: `${url}/AccessTokens`,
    },
  };
}

export function entityUrl(s: ServiceState, identity: string): string {
  return `${VERIFY_BASE}/Services/${s.sid}/Entities/${encodeURIComponent(identity)}`;
}

export function entityJson(s: ServiceState, e: Entity): Record<string, unknown> {
  const url = entityUrl(s, e.identity);
  return {
    sid: e.sid,
    identity: e.identity,
    account_sid: s.account.accountSid,
    service_sid: s.sid,
    date_created: iso(e.dateCreated),
    date_updated: iso(e.dateUpdated),
    url,
    links: { factors: `${url}/Factors`, new_factors: `${url}/Factors`, challenges: `${url}/Challenges` },
  };
}

/** `withBinding`: the answer to the factor's creation, the only one carrying its secret. */
export function factorJson(s: ServiceState, f: Factor, withBinding = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sid: f.sid,
    account_sid: s.account.accountSid,
    service_sid: s.sid,
    entity_sid: f.entitySid,
    identity: f.identity,
  };
  if (withBinding) {
    out.binding = { secret: f.secret, uri: totpFor(s, f).toString() };
    out.options = null;
  }
  Object.assign(out, {
    date_created: iso(f.dateCreated),
    date_updated: iso(f.dateUpdated),
    friendly_name: f.friendlyName,
    status: f.status,
    factor_type: 'totp',
    config: { ...f.config },
    metadata: f.metadata ?? null,
    url: `${entityUrl(s, f.identity)}/Factors/${f.sid}`,
  });
  return out;
}

export function challengeJson(s: ServiceState, c: Challenge, now: number): Record<string, unknown> {
  refreshExpiry(c, now);
  const url = `${entityUrl(s, c.identity)}/Challenges/${c.sid}`;
  return {
    sid: c.sid,
    account_sid: s.account.accountSid,
    service_sid: s.sid,
    entity_sid: c.entitySid,
    identity: c.identity,
    factor_sid: c.factorSid,
    date_created: iso(c.dateCreated),
    date_updated: iso(c.dateUpdated),
    date_responded: c.dateResponded === null ? null : iso(c.dateResponded),
    expiration_date: iso(c.expirationDate),
    status: c.status,
    responded_reason: c.respondedReason,
    details: c.details ?? null,
    hidden_details: c.hiddenDetails ?? null,
    metadata: c.metadata ?? null,
    factor_type: 'totp',
    url,
    links: { notifications: `${url}/Notifications` },
  };
}
