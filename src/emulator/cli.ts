#!/usr/bin/env node
/**
 * `node dist/emulator/cli.js [--port N] [--host H] [--verbose]`: runs the
 * emulator on its own HTTPS server (self-signed certificate for localhost).
 */
import { startEmulator } from './index.js';
import { DEFAULT_ACCOUNT } from './test-accounts.js';

function usage(): never {
  console.error('usage: node dist/emulator/cli.js [--port N] [--host HOST] [--no-answer-ms MS] [--application AP…=URL]… [--legacy-totp-errors] [--verbose]');
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const out = {
    port: 8443,
    host: '127.0.0.1',
    verbose: false,
    legacyTotpErrors: false,
    noAnswerMs: undefined as number | undefined,
    applications: {} as Record<string, { voiceUrl: string }>,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage();
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--port' || name === '-p') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) usage();
      out.port = n;
    } else if (name === '--host') out.host = value();
    else if (name === '--no-answer-ms') {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) usage();
      out.noAnswerMs = n;
    } else if (name === '--application') {
      // AP…=https://your.app/voice (POST), the TwiML app a token's outgoing grant can name.
      const v = argv[++i];
      const eq = v?.indexOf('=') ?? -1;
      if (!v || eq < 0) usage();
      out.applications[v.slice(0, eq)] = { voiceUrl: v.slice(eq + 1) };
    } else if (name === '--legacy-totp-errors') out.legacyTotpErrors = true;
    else if (name === '--verbose' || name === '-v') out.verbose = true;
    else if (name === '--help' || name === '-h') usage();
    else usage();
  }
  if (process.env.PORT && !argv.some((a) => a.startsWith('--port') || a === '-p')) {
    const n = Number(process.env.PORT);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) out.port = n;
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const emulator = await startEmulator({
  port: args.port,
  host: args.host,
  legacyTotpErrors: args.legacyTotpErrors,
  applications: args.applications,
  ...(args.noAnswerMs !== undefined ? { noAnswerMs: args.noAnswerMs } : {}),
  ...(args.verbose ? { log: (line: string) => console.log(`[emulator] ${line}`) } : {}),
});

console.log(`Twilio emulator listening on ${emulator.url} (self-signed certificate)`);
console.log(`  signaling:    wss://${emulator.signalingHost}/signal  (<twilio-phone signaling-host="${emulator.signalingHost}">)`);
console.log(`  control API:  ${emulator.url}/emulator/status`);
console.log(`  Account SID:  ${DEFAULT_ACCOUNT.accountSid}`);
console.log(`  API key SID:  ${DEFAULT_ACCOUNT.apiKeys[0]?.sid ?? '(none)'}`);
console.log(`  API key secret and auth token: see DEFAULT_ACCOUNT in src/emulator/test-accounts.ts (emulator-only values)`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the emulator`);
  emulator.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
