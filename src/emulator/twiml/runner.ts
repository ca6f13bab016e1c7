/**
 * The call layer's view of the TwiML applications (voice/call-handle.ts):
 * the application a token names, as something that runs a call's document.
 */
import type { ApplicationLookup, CallApplication, RedirectRunner } from '../voice/call-handle.js';
import type { ApplicationRegistry } from './applications.js';
import { TwimlSession, type TwimlEnvironment } from './session.js';

export function twimlApplications(registry: ApplicationRegistry, env: Omit<TwimlEnvironment, 'number'>): ApplicationLookup {
  const full: TwimlEnvironment = { ...env, number: (phoneNumber) => registry.number(phoneNumber) };
  return (sid) => {
    const app = registry.get(sid);
    return app && { sid: app.sid, run: (call) => new TwimlSession(call, app, full).run() };
  };
}

/** The Voice URL of one of the account's numbers, run for an inbound call to it (POST /emulator/inbound). */
export function numberApplications(registry: ApplicationRegistry, env: Omit<TwimlEnvironment, 'number'>): (phoneNumber: string) => CallApplication | undefined {
  const full: TwimlEnvironment = { ...env, number: (phoneNumber) => registry.number(phoneNumber) };
  return (phoneNumber) => {
    const n = registry.number(phoneNumber);
    return n && { sid: '', run: (call) => new TwimlSession(call, { voiceUrl: n.voiceUrl, voiceMethod: n.voiceMethod }, full).run() };
  };
}

/** Call update `Twiml` / `Url`: runs that document on the call; relative URLs resolve against `Url`, or the call's application's Voice URL. */
export function twimlRedirects(registry: ApplicationRegistry, env: Omit<TwimlEnvironment, 'number'>): RedirectRunner {
  const full: TwimlEnvironment = { ...env, number: (phoneNumber) => registry.number(phoneNumber) };
  return (call, to, applicationSid) => {
    const app = registry.get(applicationSid);
    const voiceUrl = to.url ?? app?.voiceUrl ?? 'http://localhost/';
    const session = new TwimlSession(call, { voiceUrl, voiceMethod: to.method, ...(app ? { sid: app.sid } : {}) }, full);
    return to.twiml !== undefined ? session.runInline(to.twiml) : session.run();
  };
}
