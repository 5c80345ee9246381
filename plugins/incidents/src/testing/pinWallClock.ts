/**
 * Pins `Date` (and with it luxon's `DateTime.utc()`) to `now` for the tests of the
 * calling file, so a component that reads the wall clock while rendering and the
 * expectation that recomputes "today" agree, also when a run crosses midnight UTC.
 * Only `Date` is faked: timers, animation frames and `performance` stay real, so
 * rendering, transitions and `findBy` waits behave as usual.
 */
export function pinWallClock(now: Date) {
  beforeEach(() => {
    jest.useFakeTimers({
      now,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
}
