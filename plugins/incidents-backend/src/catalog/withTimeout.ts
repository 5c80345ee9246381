/**
 * `promise`, or a rejection once `ms` have passed: a catalog that hangs is as much an
 * outage as one that refuses, and must not hold alert ingestion up indefinitely.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${ms} ms`)),
      ms,
    );
    // A pending catalog call must not keep the process alive on shutdown.
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
