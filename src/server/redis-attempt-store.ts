/**
 * Attempt counters in Redis, so several server instances behind a load
 * balancer share one limit. Bring your own client: anything with node-redis'
 * `eval(script, {keys, arguments})` and `del(key)` (node-redis v4/v5).
 *
 * Fails closed and never counts late: while the client is not connected
 * (`isReady === false`) it refuses at once instead of letting node-redis queue
 * the command and run it after a reconnect, so attempts refused during an
 * outage are never counted. Create the client with `disableOfflineQueue: true`
 * as well, so nothing else queues either.
 */
import { type AttemptStore, AttemptStoreUnavailableError } from './attempt-store.js';

export interface RedisEvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  /** node-redis: false while disconnected or reconnecting. */
  readonly isReady?: boolean;
}

// One round trip, atomic over every key: each window starts with its first hit
// (fixed window, like MemoryAttemptStore), so concurrent instances never reset
// each other, and the identity and client counts move together or not at all.
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  out[i] = n
end
return out`;

export class RedisAttemptStore implements AttemptStore {
  constructor(
    private readonly client: RedisEvalClient,
    private readonly prefix = 'twilio-widgets:attempts:',
  ) {}

  async hit(key: string, windowMs: number): Promise<number> {
    const [n] = await this.hitAll([key], windowMs);
    return n;
  }

  async hitAll(keys: string[], windowMs: number): Promise<number[]> {
    this.assertConnected();
    const counts = await this.client.eval(HIT_SCRIPT, {
      keys: keys.map((k) => this.prefix + k),
      arguments: [String(Math.max(1, Math.round(windowMs)))],
    });
    if (!Array.isArray(counts) || counts.length !== keys.length) throw new AttemptStoreUnavailableError('Redis gave an unexpected answer');
    return counts.map(Number);
  }

  async reset(key: string): Promise<void> {
    this.assertConnected();
    await this.client.del(this.prefix + key);
  }

  private assertConnected(): void {
    if (this.client.isReady === false) throw new AttemptStoreUnavailableError('Redis is not connected');
  }
}
