/**
 * The URL of the signaling WebSocket the Voice SDK (2.x) opens first for a
 * Device with these options: `chunderw` (our `signaling-host`) wins, else the
 * first of the edges, else the `roaming` edge. Mirrors the SDK's
 * `getChunderURIs` + `createSignalingEndpointURL` (regions.ts), so the phone can
 * open that socket while the token and the SDK are still on their way.
 */
export function signalingUrl(signalingHost: string, edge: string): string {
  if (signalingHost) return `wss://${signalingHost}/signal`;
  const first = edge
    .split(',')
    .map((e) => e.trim())
    .find(Boolean);
  return `wss://voice-js.${first ?? 'roaming'}.twilio.com/signal`;
}
