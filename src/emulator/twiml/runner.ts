/**
 * The call layer's view of the TwiML applications (voice/call-handle.ts):
 * the application a token names, as something that runs a call's document.
 */
import type { ApplicationLookup, CallApplication } from '../voice/call-handle.js';
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
