/**
 * `single-tab`: which tab of an origin registers a given identity. The tab that
 * holds a Web Lock named after the identity leads (registers, rings); the
 * others stand by with a queued request, so the lock passes to one of them the
 * moment the leader closes or reloads. A person can take the phone over from
 * a standing-by tab (the lock is stolen); a leader that loses it during a call
 * keeps the call but stops taking new ones, and stands by when it ends.
 */

export type LeadershipRole =
  /** not taking part: `single-tab` off, or the phone is not started */
  | 'off'
  /** asked for the lock without waiting */
  | 'electing'
  /** holds the lock: this tab registers */
  | 'leader'
  /** another tab leads; a request for the lock is queued */
  | 'follower'
  /** the person chose to use this tab: the lock is being stolen */
  | 'taking-over'
  /** lost the lock during a call: keeps the call, takes no new ones */
  | 'yielding';

export type LeadershipInput =
  | { type: 'join' }
  | { type: 'granted' }
  | { type: 'unavailable' }
  | { type: 'take-over' }
  | { type: 'lost'; inCall: boolean }
  | { type: 'call-ended' }
  | { type: 'leave' };

export type LeadershipEffect =
  /** request the lock if free, without waiting */
  | 'request-now'
  /** queue a request that is granted when the holder lets go */
  | 'wait-for-lock'
  /** take the lock from its holder (and drop the queued request) */
  | 'steal-lock'
  /** let go of the lock, or drop the queued request */
  | 'release-lock'
  /** create the Device and register */
  | 'register'
  /** stop taking calls but keep the one in progress */
  | 'unregister'
  /** destroy the Device; the phone shows `standby` */
  | 'stand-by';

export interface LeadershipTransition {
  role: LeadershipRole;
  effects: LeadershipEffect[];
}

const stay = (role: LeadershipRole): LeadershipTransition => ({ role, effects: [] });

export function reduceLeadership(role: LeadershipRole, input: LeadershipInput): LeadershipTransition {
  switch (input.type) {
    case 'join':
      // A restart: whatever was held or queued goes first.
      return { role: 'electing', effects: role === 'off' ? ['request-now'] : ['release-lock', 'request-now'] };
    case 'leave':
      return role === 'off' ? stay('off') : { role: 'off', effects: ['release-lock'] };
    case 'granted':
      if (role === 'off') return { role: 'off', effects: ['release-lock'] }; // arrived after leave
      if (role === 'leader' || role === 'yielding') return stay(role);
      return { role: 'leader', effects: ['register'] };
    case 'unavailable':
      return role === 'electing' ? { role: 'follower', effects: ['stand-by', 'wait-for-lock'] } : stay(role);
    case 'take-over':
      return role === 'follower' ? { role: 'taking-over', effects: ['steal-lock'] } : stay(role);
    case 'lost':
      if (role !== 'leader') return stay(role);
      if (input.inCall) return { role: 'yielding', effects: ['unregister'] };
      return { role: 'follower', effects: ['stand-by', 'wait-for-lock'] };
    case 'call-ended':
      return role === 'yielding' ? { role: 'follower', effects: ['stand-by', 'wait-for-lock'] } : stay(role);
  }
}
