/**
 * Attempt counters in Redis, so several server instances behind a load
 * balancer share one limit. Bring your own client: anything with node-redis'
 * `eval(script, {keys, arguments})` and `del(key)` (node-redis v4/v5).
 */
import type { AttemptStore } from './attempt-store.js';

export interface RedisEvalClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

// One round trip, atomic: the window starts with the first hit (fixed window,
// like MemoryAttemptStore), so concurrent instances never reset each other.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export class RedisAttemptStore implements AttemptStore {
  constructor(
    private readonly client: RedisEvalClient,
    private readonly prefix = 'twilio-widgets:attempts:',
  ) {}

  async hit(key: string, windowMs: number): Promise<number> {
    const n = await this.client.eval(HIT_SCRIPT, { keys: [this.prefix + key], arguments: [String(Math.max(1, Math.round(windowMs)))] });
    return Number(n);
  }

  async reset(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}
