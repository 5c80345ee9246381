import {
  IngestionAdmission,
  IngestionOverloadedError,
} from './IngestionAdmission';

/** A unit of work that ends when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>(resolve => {
    open = resolve;
  });
  return { open, work: () => done };
}

describe('IngestionAdmission', () => {
  afterEach(() => jest.useRealTimers());

  it('runs up to maxConcurrent at once, queues the next in order, and refuses beyond the queue', async () => {
    const admission = new IngestionAdmission({
      maxConcurrent: 2,
      maxQueued: 2,
      maxWaitMs: 60_000,
    });
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const runs = gates.map((g, i) =>
      admission.run(async () => {
        order.push(i);
        await g.work();
        return i;
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    expect(admission.load).toEqual({ running: 2, queued: 2 });

    const refused = admission.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(IngestionOverloadedError);
    await expect(refused).rejects.toMatchObject({
      retryAfterSeconds: 1,
      message: expect.stringContaining('nothing was stored'),
    });

    gates[1].open();
    await runs[1];
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(admission.load).toEqual({ running: 0, queued: 0 });
  });

  it('frees its place when the work fails', async () => {
    const admission = new IngestionAdmission({
      maxConcurrent: 1,
      maxQueued: 0,
      maxWaitMs: 60_000,
    });
    await expect(
      admission.run(async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    expect(await admission.run(async () => 'next')).toBe('next');
  });

  it('refuses a request that waited maxWaitMs, and still runs the rest', async () => {
    jest.useFakeTimers();
    const admission = new IngestionAdmission({
      maxConcurrent: 1,
      maxQueued: 10,
      maxWaitMs: 10_000,
    });
    const first = gate();
    const running = admission.run(first.work);
    const waiting = admission.run(async () => 'late');
    // Caught before the timers move, so the refusal is not an unhandled rejection.
    const outcome = waiting.catch((error: Error) => error);
    jest.advanceTimersByTime(10_000);
    const refusal = await outcome;
    expect(refusal).toBeInstanceOf(IngestionOverloadedError);
    expect((refusal as Error).message).toContain(
      'the request waited 10 s for its turn',
    );
    expect(admission.load).toEqual({ running: 1, queued: 0 });
    first.open();
    await running;
    expect(await admission.run(async () => 'after')).toBe('after');
  });

  it('asks for a longer wait the longer the queue, up to 30 s', async () => {
    const admission = new IngestionAdmission({
      maxConcurrent: 2,
      maxQueued: 100,
      maxWaitMs: 60_000,
    });
    const g = gate();
    const runs = Array.from({ length: 102 }, () => admission.run(g.work));
    const refused = admission.run(async () => undefined);
    // 100 waiting, 2 at a time: 50 turns, capped at 30 s.
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 30 });
    g.open();
    await Promise.all(runs);
  });
});
