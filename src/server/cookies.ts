/**
 * One cookie from a `Cookie` header, for identity hooks that check the page's own session:
 * `getCookie(req.headers.cookie, 'sid')`. Undefined when absent or empty.
 */
export function getCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // not percent-encoded: keep it as sent
    }
    return value || undefined;
  }
  return undefined;
}
