import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  MaintenanceWindowRecord,
  MaintenanceWindowStore,
} from './MaintenanceWindowStore';

/** One "maintenance started / ended" notice to a window's owner; `link` is app-relative. */
export type MaintenanceNotice = {
  ownerRef: string;
  title: string;
  description: string;
  link: string;
  /** Identifies the notice, so a repeat replaces rather than adds. */
  scope: string;
};

function when(iso: string) {
  return DateTime.fromISO(iso, { zone: 'utc' }).toFormat(
    'ccc d LLL yyyy, HH:mm ZZZZ',
  );
}

/** The entity's Incidents tab, where the banner is. */
function tabLink(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/incidents`;
}

function scopeOf(window: MaintenanceWindowRecord) {
  const covered = window.includeDependents
    ? `${window.entityRef} and what depends on it`
    : window.entityRef;
  const severities = window.severities
    ? `${window.severities.join(', ')} alerts`
    : 'alerts';
  return `${severities} on ${covered}`;
}

/**
 * Tells a window's owner team when it starts and when it ends, from a scheduled run
 * (every minute). Each notice is claimed in the database before it goes out, so runs
 * and backend instances send it once; a window announced as started is announced as
 * ended, and one that ended before any run saw it in force (cancelled within the
 * minute, or before its start) sends neither.
 */
export class MaintenanceNotifier {
  constructor(
    private readonly deps: {
      store: MaintenanceWindowStore;
      notify: (notice: MaintenanceNotice) => Promise<void>;
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  async run(): Promise<{ started: number; ended: number }> {
    const now = this.deps.clock();
    const { starting, ending } = await this.deps.store.listNoticesDue(now);
    let started = 0;
    let ended = 0;
    for (const window of starting) {
      if (!(await this.deps.store.claimStartNotice(window.id, now))) continue;
      const sent = await this.send(window, {
        title: `Maintenance started on ${window.entityRef}`,
        description: `Until ${when(window.endsAt)}: ${window.reason} (${
          window.createdBy
        }). ${scopeOf(window)} open no incident and page nobody meanwhile.`,
        scope: `maintenance:${window.id}:start`,
      });
      if (sent) started += 1;
    }
    for (const window of ending) {
      if (!(await this.deps.store.claimEndNotice(window.id, now))) continue;
      const endedAt = window.endedAt ?? window.endsAt;
      const sent = await this.send(window, {
        title: `Maintenance ended on ${window.entityRef}`,
        description: `${
          window.endedAt
            ? `Ended early at ${when(endedAt)} by ${window.endedBy}`
            : `Ended as planned at ${when(endedAt)}`
        } (${window.reason}). ${scopeOf(
          window,
        )} open incidents and page again; one still firing does at its next repeat.`,
        scope: `maintenance:${window.id}:end`,
      });
      if (sent) ended += 1;
    }
    return { started, ended };
  }

  /** Sends one notice; claimed first, so a failed send is logged, not repeated. */
  private async send(
    window: MaintenanceWindowRecord,
    notice: Pick<MaintenanceNotice, 'title' | 'description' | 'scope'>,
  ): Promise<boolean> {
    if (!window.ownerRef) {
      this.deps.logger.info(
        `Maintenance window ${window.id} of ${window.entityRef} has no owner to tell`,
      );
      return false;
    }
    try {
      await this.deps.notify({
        ...notice,
        ownerRef: window.ownerRef,
        link: tabLink(window.entityRef),
      });
      return true;
    } catch (error) {
      this.deps.logger.warn(
        `Could not tell ${window.ownerRef} about maintenance window ${window.id}: ${error}`,
      );
      return false;
    }
  }
}
