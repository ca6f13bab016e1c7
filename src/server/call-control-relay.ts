/**
 * Tells every browser leg of a conference who is in it now (docs/call-control.md §4): one
 * user-defined message per leg, each with the list as that leg sees it. A leg that cannot
 * take a message (still ringing, just hung up) is skipped with a log line: the next change
 * sends it a fresh list, and the page can always ask (`participants`).
 */
import { type ConferenceMember, type ReadStamp, participantsFor, participantsMessage } from './call-control-view.js';
import type { ConferenceOps } from './conference-ops.js';

/** Resolves with the number of legs that got the message (`read`: when `members` was read); never rejects. */
export async function relayParticipants(
  ops: ConferenceOps,
  members: readonly ConferenceMember[],
  read: ReadStamp,
  log?: (line: string) => void,
): Promise<number> {
  const legs = await Promise.all(
    members.map((m) =>
      ops.isBrowserLeg(m.callSid).catch(() => {
        log?.(`call-control: could not tell whether ${m.callSid} is a browser leg; no participants message sent to it`);
        return false;
      }),
    ),
  );
  const sent = await Promise.all(
    members
      .filter((_, i) => legs[i])
      .map((m) =>
        ops.message(m.callSid, participantsMessage(participantsFor(members, m.callSid), read)).then(
          () => true,
          () => {
            log?.(`call-control: participants message to ${m.callSid} not delivered`);
            return false;
          },
        ),
      ),
  );
  return sent.filter(Boolean).length;
}
