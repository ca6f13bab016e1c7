/**
 * `<twilio-phone>`'s call-control defaults (part of `TWILIO_PHONE_STRINGS`, overridable through
 * `strings`): the call-control chunk adds them (call-control-feature.ts) before anything of it renders.
 */
export const CALL_CONTROL_STRINGS = {
  /** `call-control-url`: the call-control group and its controls */
  callControl: 'Call control',
  hold: 'Hold',
  transfer: 'Transfer',
  transferTo: 'Transfer to',
  transferMode: 'Transfer',
  transferCold: 'Now (cold)',
  transferWarm: 'After talking to them first (warm)',
  addParticipant: 'Add',
  addTo: 'Add to the call',
  destinationPlaceholder: 'billing, +14155550100 or client:bob',
  destinationEmpty: 'Enter who to call.',
  cancel: 'Cancel',
  /** a warm transfer waits for Complete or Cancel */
  consulting: 'Talking to the transfer target; the caller is on hold.',
  completeTransfer: 'Complete transfer',
  cancelTransfer: 'Cancel transfer',
  participants: 'Participants',
  roleYou: 'You',
  roleRemote: 'caller',
  roleConsulted: 'transfer target',
  roleAdded: 'added',
  onHoldMark: 'on hold',
  mutedMark: 'muted',
  remove: 'Remove',
  /** the Remove button's accessible name; `{label}` is the participant */
  removeParticipant: 'Remove {label}',
  /** call waiting: `{from}` is the second caller */
  callWaiting: 'Call waiting: {from}',
  acceptWaiting: 'Hold and accept',
  /** call waiting: `{remote}` is the call held meanwhile */
  heldCall: 'On hold: {remote}',
  switchCall: 'Switch calls',
  /** announced in the status line when an action is done */
  announceHeld: 'Call on hold.',
  announceResumed: 'Call resumed.',
  announceTransferred: 'Call transferred.',
  announceConsulting: 'Transfer started; the caller is on hold.',
  announceTransferCompleted: 'Transfer completed.',
  announceTransferCancelled: 'Transfer cancelled; back with the caller.',
  announceAdded: 'Participant added.',
  announceRemoved: 'Participant removed.',
  /** an action failed; `{message}` is the server's message */
  announceFailed: 'Call control failed: {message}',
};
export type CallControlStrings = typeof CALL_CONTROL_STRINGS;
