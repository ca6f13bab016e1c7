/**
 * The warning startEmulator (and so the CLI) prints on stderr when it listens
 * on an address other than loopback: the emulator is a development and test
 * tool with public test credentials, not something to expose.
 */
import { isLoopbackHostname } from './addresses.js';

/** Whether listening on `host` keeps the emulator on this machine (localhost or a loopback address). */
export function isLoopbackBindAddress(host: string): boolean {
  return isLoopbackHostname(host);
}

export function exposureWarning(host: string, port: number): string {
  return [
    '',
    '  WARNING: the Twilio emulator is listening on a non-loopback address:',
    `    ${host}:${port}`,
    '  Other machines on the network can reach it. It is for development and',
    '  tests only: its accounts, API keys and auth tokens are public test values',
    '  and its control API can drop sockets, ring clients and change faults.',
    '  Never expose it. Listen on 127.0.0.1 (the default) unless you must, and',
    '  then set a control token (controlToken / --control-token).',
    '',
  ].join('\n');
}
