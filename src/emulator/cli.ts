#!/usr/bin/env node
/**
 * `node dist/emulator/cli.js [--port N] [--host H] [--verbose]`: runs the
 * emulator on its own HTTPS server (self-signed certificate for localhost).
 *
 * Local-only by default: `--allowed-origin ORIGIN` (repeatable) replaces the
 * default browser origins (`loopback`), `--webhook-host HOST[:PORT]`
 * (repeatable) lets webhooks go to a non-loopback host, `--control-token` (or
 * EMULATOR_CONTROL_TOKEN) requires `Authorization: Bearer <token>` on the
 * control API. The token is never printed.
 */
import { startEmulator } from './index.js';
import { DEFAULT_ACCOUNT } from './auth/test-accounts.js';

function usage(): never {
  console.error(
    'usage: node dist/emulator/cli.js [--port N] [--host HOST] [--no-answer-ms MS] [--application AP…=URL]… [--legacy-totp-errors]\n' +
      '         [--allowed-origin ORIGIN|loopback]… [--webhook-host HOST[:PORT]]… [--control-token TOKEN] [--verbose]\n' +
      '  EMULATOR_CONTROL_TOKEN: the control token, if --control-token is not given',
  );
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
    allowedOrigins: undefined as string[] | undefined,
    webhookHosts: [] as string[],
    controlToken: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
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
    } else if (name === '--allowed-origin') (out.allowedOrigins ??= []).push(value());
    else if (name === '--webhook-host') out.webhookHosts.push(value());
    else if (name === '--control-token') out.controlToken = value();
    else if (name === '--legacy-totp-errors') out.legacyTotpErrors = true;
    else if (name === '--verbose' || name === '-v') out.verbose = true;
    else if (name === '--help' || name === '-h') usage();
    else usage();
  }
  if (process.env.PORT && !argv.some((a) => a.startsWith('--port') || a === '-p')) {
    const n = Number(process.env.PORT);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) out.port = n;
  }
  if (out.controlToken === undefined && process.env.EMULATOR_CONTROL_TOKEN) out.controlToken = process.env.EMULATOR_CONTROL_TOKEN;
  return out;
}

const args = parseArgs(process.argv.slice(2));
let emulator: Awaited<ReturnType<typeof startEmulator>>;
try {
  emulator = await startEmulator({
    port: args.port,
    host: args.host,
    legacyTotpErrors: args.legacyTotpErrors,
    applications: args.applications,
    webhookHosts: args.webhookHosts,
    ...(args.allowedOrigins ? { allowedOrigins: args.allowedOrigins } : {}),
    ...(args.controlToken !== undefined ? { controlToken: args.controlToken } : {}),
    ...(args.noAnswerMs !== undefined ? { noAnswerMs: args.noAnswerMs } : {}),
    ...(args.verbose ? { log: (line: string) => console.log(`[emulator] ${line}`) } : {}),
  });
} catch (err) {
  // A bad option (an origin, a webhook host, an application URL the emulator may not request).
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}

console.log(`Twilio emulator listening on ${emulator.url} (self-signed certificate)`);
console.log(`  signaling:    wss://${emulator.signalingHost}/signal  (<twilio-phone signaling-host="${emulator.signalingHost}">)`);
console.log(`  control API:  ${emulator.url}/emulator/status${args.controlToken !== undefined ? '  (needs Authorization: Bearer <your control token>)' : ''}`);
console.log(
  `  browsers:     ${args.allowedOrigins ? args.allowedOrigins.join(', ') : 'loopback pages'} and same-origin only; webhooks to loopback${args.webhookHosts.length ? ` and ${args.webhookHosts.join(', ')}` : ''} only`,
);
console.log(`  Account SID:  ${DEFAULT_ACCOUNT.accountSid}`);
console.log(`  API key SID:  ${DEFAULT_ACCOUNT.apiKeys[0]?.sid ?? '(none)'}`);
console.log(`  API key secret and auth token: see DEFAULT_ACCOUNT in src/emulator/auth/test-accounts.ts (emulator-only values)`);

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
