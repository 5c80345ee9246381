import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { notificationsApiRef } from '@backstage/plugin-notifications';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { act, waitFor } from '@testing-library/react';
import { UrgentNotificationToasts } from './UrgentNotificationToasts';

type Severity = 'critical' | 'high' | 'normal' | 'low';

/** A signal API whose listeners the test calls, as the notifications backend would. */
function fakeSignals() {
  const listeners = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      listeners.set(channel, onMessage);
      return {
        unsubscribe: () => {
          listeners.delete(channel);
        },
      };
    },
  };
  return {
    api,
    send: (channel: string, message: object) =>
      act(async () => listeners.get(channel)?.(message)),
  };
}

function notification(id: string, severity: Severity) {
  return {
    id,
    user: 'user:default/guest',
    created: new Date('2026-11-23T00:00:00Z'),
    origin: 'plugin:incidents',
    payload: {
      title: `[P${id}] INC-${id} ${severity}`,
      severity,
      link: `/incidents/${id}`,
    },
  };
}

describe('UrgentNotificationToasts', () => {
  it('toasts critical and high notifications and leaves normal and low ones in the list', async () => {
    const signals = fakeSignals();
    const severities: Record<string, Severity> = {
      '1': 'low',
      '2': 'normal',
      '3': 'high',
      '4': 'critical',
    };
    const getNotification = jest.fn(async (id: string) =>
      notification(id, severities[id]),
    );
    const toast = mockApis.toast();
    await renderInTestApp(<UrgentNotificationToasts />, {
      apis: [
        [signalApiRef, signals.api],
        [notificationsApiRef, { getNotification } as any],
        toast,
      ],
    });
    for (const id of ['1', '2', '3', '4']) {
      await signals.send('notifications', {
        action: 'new_notification',
        notification_id: id,
      });
    }
    // other notification signals (marked read, ...) fetch nothing
    await signals.send('notifications', {
      action: 'notification_read',
      notification_ids: ['1'],
    });
    await waitFor(() => expect(toast.getToasts()).toHaveLength(2));
    expect(getNotification).toHaveBeenCalledTimes(4);
    expect(toast.getToasts()).toEqual([
      expect.objectContaining({
        title: '[P3] INC-3 high',
        status: 'warning',
        links: [{ label: 'Open', href: '/incidents/3' }],
      }),
      expect.objectContaining({
        title: '[P4] INC-4 critical',
        status: 'danger',
      }),
    ]);
  });
});
