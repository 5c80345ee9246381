import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { notificationsApiRef } from '@backstage/plugin-notifications';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect } from 'react';

/** What the notifications backend signals to a recipient when something arrives. */
type NotificationSignal = { action?: string; notification_id?: string };

/**
 * Severities that interrupt: pages (P1/P2 declared to the on-call), escalations and
 * overdue-update reminders addressed to the viewer. Team notices of non-paging
 * incidents ('normal') and resolutions ('low') wait in the notifications list.
 */
const TOASTED = ['critical', 'high'];

/** How long a toast stays before it goes, unless closed earlier. */
const TOAST_TIMEOUT_MS = 15_000;

/**
 * Toasts new notifications that need the viewer now. It stands in for the notifications
 * sidebar item's own snackbar, which shows every notification whatever its severity, so a
 * stream of low-priority notices covered the page for everyone who received them.
 */
export function UrgentNotificationToasts() {
  const signals = useApiHolder().get(signalApiRef);
  const notificationsApi = useApi(notificationsApiRef);
  const toastApi = useApi(toastApiRef);

  useEffect(() => {
    if (!signals) return undefined;
    const { unsubscribe } = signals.subscribe('notifications', message => {
      const signal = message as NotificationSignal;
      if (signal.action !== 'new_notification' || !signal.notification_id) {
        return;
      }
      notificationsApi
        .getNotification(signal.notification_id)
        .then(notification => {
          const { payload } = notification;
          if (!TOASTED.includes(payload.severity ?? 'normal')) return;
          toastApi.post({
            title: payload.title,
            status: payload.severity === 'critical' ? 'danger' : 'warning',
            links: payload.link
              ? [{ label: 'Open', href: payload.link }]
              : undefined,
            timeout: TOAST_TIMEOUT_MS,
          });
        })
        // A notification we cannot fetch is still in the list; no toast about a toast.
        .catch(() => undefined);
    });
    return unsubscribe;
  }, [signals, notificationsApi, toastApi]);

  return null;
}
