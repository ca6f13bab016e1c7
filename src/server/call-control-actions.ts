/**
 * What each call-control action changes in the conference (docs/call-control.md §1, §3), as
 * participant create/update/remove through `ConferenceOps`. Idempotent: a hold of a held
 * call, an unhold of one not held, a second warm transfer to the target already consulted or
 * a second add of a party already added change nothing.
 */
import type { CallControlInput } from './call-control-input.js';
import { type ConferenceMember, consultedMember, displayOf, parseLabel, roleOf, uniqueLabel } from './call-control-view.js';
import type { ConferenceOps } from './conference-ops.js';
import { HttpError } from './endpoint.js';

export interface ActionContext {
  ops: ConferenceOps;
  conferenceSid: string;
  members: ConferenceMember[];
  /** The acting browser leg's CallSid. */
  you: string;
  /** `From` of the legs the server dials. */
  callerId: string;
}

const transferPending = () => new HttpError(409, 'A warm transfer is waiting: complete or cancel it first', 'transfer-pending');
const noTransferPending = () => new HttpError(409, 'No warm transfer is in progress', 'no-transfer-pending');

/** The display part without the ` #2` a clash added. */
const baseDisplay = (label: string | null | undefined): string => parseLabel(label).display.replace(/ #\d+$/, '');

/** Sets `hold` on every participant but `you` (and `except`) whose hold differs. */
async function holdOthers(ctx: ActionContext, hold: boolean, except?: string): Promise<boolean> {
  const targets = ctx.members.filter((m) => m.callSid !== ctx.you && m.callSid !== except && (m.hold === true) !== hold);
  await Promise.all(targets.map((m) => ctx.ops.update(ctx.conferenceSid, m.callSid, { hold })));
  return targets.length > 0;
}

function dial(ctx: ActionContext, to: string, role: 'remote' | 'consulted' | 'added', endConferenceOnExit: boolean): Promise<string> {
  return ctx.ops.add(ctx.conferenceSid, {
    to,
    from: ctx.callerId,
    label: uniqueLabel(ctx.members, role, displayOf(to)),
    endConferenceOnExit,
    earlyMedia: true,
  });
}

/** Runs the action; true when it changed the conference. */
export async function runAction(input: CallControlInput, ctx: ActionContext): Promise<boolean> {
  const { ops, conferenceSid, members, you } = ctx;
  const consulted = consultedMember(members);
  switch (input.action) {
    case 'participants':
      return false;
    case 'hold':
      return holdOthers(ctx, true);
    case 'unhold':
      return holdOthers(ctx, false);
    case 'transfer': {
      if (consulted) {
        if (input.mode === 'warm' && baseDisplay(consulted.label) === displayOf(input.to)) return false;
        throw transferPending();
      }
      if (input.mode === 'warm') {
        await holdOthers(ctx, true);
        await dial(ctx, input.to, 'consulted', false);
        return true;
      }
      // Cold: your leg must not end the call when it leaves; the caller hears the target ring.
      await ops.update(conferenceSid, you, { endConferenceOnExit: false });
      await holdOthers(ctx, false);
      await dial(ctx, input.to, 'remote', true);
      await ops.remove(conferenceSid, you);
      return true;
    }
    case 'complete-transfer': {
      if (!consulted) throw noTransferPending();
      await ops.update(conferenceSid, you, { endConferenceOnExit: false });
      await ops.update(conferenceSid, consulted.callSid, { endConferenceOnExit: true });
      await holdOthers(ctx, false);
      await ops.remove(conferenceSid, you);
      return true;
    }
    case 'cancel-transfer': {
      if (!consulted) throw noTransferPending();
      await ops.remove(conferenceSid, consulted.callSid);
      await holdOthers(ctx, false, consulted.callSid);
      return true;
    }
    case 'add': {
      if (consulted) throw transferPending();
      const display = displayOf(input.to);
      if (members.some((m) => roleOf(m) === 'added' && baseDisplay(m.label) === display)) return false;
      await dial(ctx, input.to, 'added', false);
      return true;
    }
    case 'remove': {
      const target = members.find((m) => m.callSid === input.participant);
      if (!target || target.callSid === you) {
        throw new HttpError(400, target ? 'Hang up to leave the call yourself' : 'Not a participant of this call', 'invalid-participant');
      }
      await ops.remove(conferenceSid, target.callSid);
      return true;
    }
  }
}
