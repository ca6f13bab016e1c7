/** The `fetch` options of a token URL request, apart from the fetch logic: the boot module sends the same request. */
export interface TokenRequestOptions {
  method?: 'GET' | 'POST';
  init?: RequestInit;
}

/** The `fetch` options of one token URL request (also what the boot module sends before the element is defined). */
export function tokenRequestInit(opts: TokenRequestOptions, signal: AbortSignal): RequestInit {
  return {
    credentials: 'same-origin',
    ...opts.init,
    method: opts.method ?? 'GET',
    headers: { Accept: 'application/json, text/plain', ...(opts.init?.headers as Record<string, string> | undefined) },
    signal,
  };
}
