// Requests the harnesses make around their measurements (seeding, probes): on a busy
// machine a sound backend can still drop or stall a connection now and then (a reset
// keep-alive socket, a connect timeout while its event loop is busy), and one such
// hiccup must not end a run whose verdict is about correctness, not speed.

/** One answered request: the HTTP status and the whole body as text. */
export interface TextResponse {
  status: number;
  ok: boolean;
  text: string;
}

export interface RetryOptions {
  /** Tries in all, the first included; defaults to 5. */
  attempts?: number;
  /** Limit of one try, answer and body included; defaults to 60 s. */
  timeoutMs?: number;
  /** Pause before the second try, doubled for each later one; defaults to 500 ms. */
  backoffMs?: number;
  /** Told about each failed try that is retried. */
  log?: (message: string) => void;
}

/**
 * Whether `error`, thrown by `fetch` or while reading its body, means the request got
 * no HTTP answer: refused, reset or closed connection, DNS, or the per-try timeout.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    // undici reports every transport failure as TypeError "fetch failed" (cause inside),
    // a body cut short as "terminated"
    (e?.name === 'TypeError' &&
      /fetch failed|terminated/.test(e?.message ?? '')) ||
    /ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_/.test(String(causeOf(error)))
  );
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return `${cause?.code ?? ''} ${cause?.message ?? ''}`;
}

/** What went wrong on one try, with the transport cause undici hides in `cause`. */
export function describeError(error: unknown): string {
  const cause = causeOf(error).trim();
  return `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message}${
    cause ? ` (${cause})` : ''
  }`;
}

/**
 * `fetch` for IDEMPOTENT requests (reads, or writes whose repeat changes nothing a
 * harness checks, like re-posting the same alert batch): each try has its own timeout,
 * and a try that got no HTTP answer is retried after a growing pause, up to `attempts`
 * tries; then the last error is thrown. Any HTTP answer, 5xx included, is returned as
 * it is: judging it is the caller's business.
 */
export async function fetchTextRetrying(
  url: string,
  init: RequestInit = {},
  options: RetryOptions = {},
): Promise<TextResponse> {
  const attempts = options.attempts ?? 5;
  const timeoutMs = options.timeoutMs ?? 60_000;
  let pause = options.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, ok: res.ok, text: await res.text() };
    } catch (error) {
      if (!isConnectionError(error) || attempt >= attempts) throw error;
      options.log?.(
        `${init.method ?? 'GET'} ${
          new URL(url).pathname
        }: try ${attempt} of ${attempts} got no answer (${describeError(
          error,
        )}); retrying in ${pause} ms`,
      );
      await new Promise(r => setTimeout(r, pause));
      pause *= 2;
    }
  }
}
