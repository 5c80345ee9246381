/** What one check of a link found. */
export type LinkCheckResult = {
  state: 'ok' | 'dead';
  statusCode?: number;
  problem?: string;
};

/** How links are checked. */
export type LinkCheckOptions = {
  /** Whether a host may be asked at all; nothing outside it is ever requested. */
  isAllowed: (url: URL) => boolean;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/** Redirects followed within the allow-list before a link counts as answering. */
const MAX_REDIRECTS = 3;

/** The low-level cause of a failed fetch: `ECONNREFUSED`, `CERT_HAS_EXPIRED`, ... */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/**
 * Checks one runbook link: `HEAD` (then `GET` where `HEAD` is not allowed), following
 * redirects only to allowed hosts. 2xx is `ok`; 4xx, 5xx, a timeout, TLS and
 * connection errors are `dead`. A redirect to a host outside the allow-list counts as
 * an answer (often a sign-in page) and is not followed. The caller checks the link's
 * own host against the allow-list first.
 */
export async function checkLink(
  url: string,
  options: LinkCheckOptions,
): Promise<LinkCheckResult> {
  const doFetch = options.fetch ?? fetch;
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await request(doFetch, current, 'HEAD', options.timeoutMs);
      if (res.status === 405 || res.status === 501) {
        res = await request(doFetch, current, 'GET', options.timeoutMs);
      }
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return {
          state: 'dead',
          problem: `timed out after ${options.timeoutMs / 1000} s`,
        };
      }
      return { state: 'dead', problem: causeOf(error) };
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, current);
      if (!options.isAllowed(next)) {
        return {
          state: 'ok',
          statusCode: res.status,
          problem: `redirects to ${next.host}, outside the allow-list (not followed)`,
        };
      }
      if (hop >= MAX_REDIRECTS) {
        return {
          state: 'dead',
          statusCode: res.status,
          problem: `more than ${MAX_REDIRECTS} redirects`,
        };
      }
      current = next;
      continue;
    }
    if (res.status >= 200 && res.status < 300) {
      return { state: 'ok', statusCode: res.status };
    }
    return {
      state: 'dead',
      statusCode: res.status,
      problem: `${res.status} ${res.statusText}`.trim(),
    };
  }
}

async function request(
  doFetch: typeof fetch,
  url: URL,
  method: 'HEAD' | 'GET',
  timeoutMs: number,
): Promise<Response> {
  const res = await doFetch(url, {
    method,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
    headers: { 'user-agent': 'Firebreak runbook link check' },
  });
  // Only the status matters: the body is not read.
  await res.body?.cancel().catch(() => {});
  return res;
}
