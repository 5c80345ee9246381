import { RunbookLinkHealth } from '@firebreak/plugin-incidents-common';

/** A checked link as stored. */
export type RunbookLinkCheck = {
  url: string;
  state: 'ok' | 'dead';
  statusCode?: number;
  problem?: string;
  checkedAt: Date;
};

/** The one writer of `runbook_link_checks`. */
export interface RunbookLinkStore {
  /** Stores these results, replacing earlier ones of the same URLs. */
  save(checks: RunbookLinkCheck[]): Promise<void>;
  /** Removes the results of URLs not in `keep`. */
  forgetOthers(keep: string[]): Promise<number>;
  /** The stored results of these URLs, by URL. */
  healthOf(urls: string[]): Promise<Map<string, RunbookLinkHealth>>;
}
