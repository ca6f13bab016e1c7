/**
 * A browser calling an emulator party through the default application
 * (`To: billing`, `supervisor`, `customer`, `tone:<hz>`): the party answers
 * and says its tone, on the conference's 20 ms clock and ports, metered like
 * a conference leg (so `/emulator/calls/{sid}/audio` reads it). PCMU only:
 * an Opus caller hears the emulator's 440 Hz tone instead.
 */
import { LegPort, MixClock, PartyPort, type AudioMeter } from '../media/conference-mix.js';
import { SILENT_FRAME } from '../media/sounds.js';
import type { Call } from './call.js';

export function partyLine(call: Call, hz: number, meter: AudioMeter, log: (line: string) => void): void {
  const leg = call.leg;
  if (!leg?.mix || !leg.sendFrame || leg.codec !== 'pcmu') {
    log(`call ${call.sid}: ${call.to} answers with the 440 Hz tone: its ${hz} Hz needs PCMU (codec ${leg?.codec ?? 'none'})`);
    leg?.setMode('tone');
    return;
  }
  const port = new LegPort({ mix: leg.mix.bind(leg), sendFrame: leg.sendFrame.bind(leg) });
  const party = new PartyPort(hz);
  const clock = new MixClock(() => {
    meter.said.write(port.take() ?? SILENT_FRAME);
    const frame = party.take();
    meter.heard.write(frame);
    port.give(frame);
  });
  clock.run(true);
  call.endListeners.push(() => {
    clock.run(false);
    port.close();
  });
}
