import { act, renderHook } from '@testing-library/react';
import {
  useIncidentsRefreshKey,
  useIncidentsSignal,
} from './useIncidentsSignal';

let signal: { lastSignal: object | null } = { lastSignal: null };
jest.mock('@backstage/plugin-signals-react', () => ({
  useSignal: () => signal,
}));

describe('useIncidentsSignal', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') });
    signal = { lastSignal: null };
  });
  afterEach(() => jest.useRealTimers());

  function setup() {
    const onChange = jest.fn();
    const hook = renderHook(() => useIncidentsSignal(onChange, 1000));
    const send = () => {
      // Every signal is a new message object, as the signals API delivers them
      signal = { lastSignal: { refresh: true } };
      hook.rerender();
    };
    return { onChange, send, hook };
  }

  it('refreshes at once for a lone signal, not before one', () => {
    const { onChange, send } = setup();
    expect(onChange).not.toHaveBeenCalled();
    send();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('refreshes at most once a second through a storm, and once after it', () => {
    const { onChange, send } = setup();
    // 1,000 signals a second for three seconds
    for (let ms = 0; ms < 3000; ms += 1) {
      send();
      act(() => {
        jest.advanceTimersByTime(1);
      });
    }
    // At t=0 at once, then at t=1000, 2000 and 3000: the last covers the burst's
    // final signal (t=2999), so the page ends current
    expect(onChange).toHaveBeenCalledTimes(4);
    act(() => {
      jest.advanceTimersByTime(10_000);
    });
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('drops a pending refresh when the page goes away', () => {
    const { onChange, send, hook } = setup();
    send();
    send();
    hook.unmount();
    act(() => {
      jest.advanceTimersByTime(5000);
    });
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('useIncidentsRefreshKey', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') });
    signal = { lastSignal: null };
  });
  afterEach(() => jest.useRealTimers());

  it('grows once per throttled refresh, so a page reloads through its dependencies', () => {
    const hook = renderHook(() => useIncidentsRefreshKey(1000));
    expect(hook.result.current).toBe(0);
    signal = { lastSignal: { refresh: true } };
    hook.rerender();
    expect(hook.result.current).toBe(1);
    // A burst within the interval: one more refresh when it has passed.
    for (let i = 0; i < 5; i++) {
      signal = { lastSignal: { refresh: true } };
      hook.rerender();
    }
    expect(hook.result.current).toBe(1);
    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(hook.result.current).toBe(2);
  });
});
