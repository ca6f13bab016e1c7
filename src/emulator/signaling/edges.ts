/**
 * The Twilio edge a client reached, from the host name it used: the SDK
 * connects to `voice-js.<edge>.twilio.com` (edges.ts of the SDK), `roaming`
 * is served by `ashburn`, like Twilio's GLL routing from here. Any other host
 * (localhost, the emulator's own name) is `ashburn` too. The `connected`
 * frame carries the edge and its region's signaling name.
 */
const EDGE_REGIONS: Record<string, string> = {
  sydney: 'ASIAPAC_SYDNEY',
  'sao-paulo': 'SOUTH_AMERICA_SAO_PAULO',
  dublin: 'EU_IRELAND',
  frankfurt: 'EU_FRANKFURT',
  tokyo: 'ASIAPAC_TOKYO',
  singapore: 'ASIAPAC_SINGAPORE',
  ashburn: 'US_EAST_VIRGINIA',
  umatilla: 'US_WEST_OREGON',
  'ashburn-ix': 'US_EAST_VIRGINIA',
  'san-jose-ix': 'US_WEST_OREGON',
  'london-ix': 'EU_IRELAND',
  'frankfurt-ix': 'EU_FRANKFURT',
  'singapore-ix': 'ASIAPAC_SINGAPORE',
  'sydney-ix': 'ASIAPAC_SYDNEY',
  'tokyo-ix': 'ASIAPAC_TOKYO',
};

export const DEFAULT_EDGE = 'ashburn';

export interface EdgeLocation {
  edge: string;
  region: string;
}

/** The edge and region for a Host header (`voice-js.sydney.twilio.com[:443]` → sydney). */
export function edgeFromHost(host: string | undefined): EdgeLocation {
  const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
  const m = /^voice-js\.([a-z0-9-]+)\.twilio\.com$/.exec(name);
  const edge = m && m[1] !== 'roaming' && EDGE_REGIONS[m[1]] ? m[1] : DEFAULT_EDGE;
  return { edge, region: EDGE_REGIONS[edge] };
}
