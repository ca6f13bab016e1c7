/**
 * One `twilio-phone-state-change` listener per phone, shared by all the badges
 * that follow it: a state change costs one listener call on the phone, not one
 * per badge (a page may show a phone's state in many places).
 */
type Follower = (event: Event) => void;

const EVENT = 'twilio-phone-state-change';
const followers = new WeakMap<EventTarget, Set<Follower>>();

function fanOut(event: Event): void {
  const set = event.currentTarget && followers.get(event.currentTarget);
  if (set) for (const follower of set) follower(event);
}

export function follow(phone: EventTarget, follower: Follower): void {
  let set = followers.get(phone);
  if (!set) {
    followers.set(phone, (set = new Set()));
    phone.addEventListener(EVENT, fanOut);
  }
  set.add(follower);
}

export function unfollow(phone: EventTarget, follower: Follower): void {
  const set = followers.get(phone);
  if (!set?.delete(follower) || set.size) return;
  followers.delete(phone);
  phone.removeEventListener(EVENT, fanOut);
}
