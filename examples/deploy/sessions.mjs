// Stands in for your app's own session store (express-session, a database table, …):
// your login route calls createSession() and sets the `sid` cookie; the endpoints only
// look the cookie up.
import { randomBytes } from 'node:crypto';

const sessions = new Map();

export function createSession(user) {
  const sid = randomBytes(18).toString('base64url');
  sessions.set(sid, user);
  return sid;
}

export async function userForSession(sid) {
  return sid ? sessions.get(sid) : undefined;
}
