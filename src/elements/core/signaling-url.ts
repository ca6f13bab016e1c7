/**
 * The URL of the signaling WebSocket the Voice SDK (2.x) opens first for a
 * Device with these options: `chunderw` (our `signaling-host`) wins, else the
 * first of the edges, else the `roaming` edge. Mirrors the SDK's
 * `getChunderURIs` + `createSignalingEndpointURL` (regions.ts), so the phone can
 * open that socket while the token and the SDK are still on their way.
 */
export function signalingUrl(signalingHost: string, edge: string): string {
  if (signalingHost) return `wss://${signalingHost}/signal`;
  return `wss://voice-js.${parseEdges(edge)[0] ?? 'roaming'}.twilio.com/signal`;
}

/** The `edge` attribute's comma separated edges, trimmed, empty ones dropped. */
export function parseEdges(edge: string): string[] {
  return edge
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
}

/** The SDK's `edge` option for the attribute: one edge as a string, several as a list (fallback order), none as undefined (the SDK's default). */
export function edgeOption(edge: string): string | string[] | undefined {
  const edges = parseEdges(edge);
  return edges.length === 0 ? undefined : edges.length === 1 ? edges[0] : edges;
}
