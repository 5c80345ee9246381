import { RunbookLinkHealth } from '@firebreak/plugin-incidents-common';
import { Knex } from 'knex';
import { DbTimestamp, fromDb, inListChunks, toDb } from '../database/dbUtils';
import { RunbookLinkCheck, RunbookLinkStore } from './RunbookLinkStore';

const TABLE = 'runbook_link_checks';

interface CheckRow {
  url: string;
  state: 'ok' | 'dead';
  status_code: number | null;
  problem: string | null;
  checked_at: DbTimestamp;
}

/** {@link RunbookLinkStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseRunbookLinkStore implements RunbookLinkStore {
  static fromKnex(knex: Knex): DatabaseRunbookLinkStore {
    return new DatabaseRunbookLinkStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async save(checks: RunbookLinkCheck[]): Promise<void> {
    for (const part of inListChunks(checks, 100)) {
      await this.knex(TABLE)
        .insert(
          part.map(c => ({
            url: c.url,
            state: c.state,
            status_code: c.statusCode ?? null,
            problem: c.problem?.slice(0, 500) ?? null,
            checked_at: toDb(c.checkedAt),
          })),
        )
        .onConflict('url')
        .merge();
    }
  }

  async forgetOthers(keep: string[]): Promise<number> {
    const kept = new Set(keep);
    const rows: Array<{ url: string }> = await this.knex(TABLE).select('url');
    const gone = rows.map(r => r.url).filter(url => !kept.has(url));
    let removed = 0;
    for (const part of inListChunks(gone)) {
      removed += await this.knex(TABLE).whereIn('url', part).delete();
    }
    return removed;
  }

  async healthOf(urls: string[]): Promise<Map<string, RunbookLinkHealth>> {
    const result = new Map<string, RunbookLinkHealth>();
    for (const part of inListChunks([...new Set(urls)])) {
      const rows: CheckRow[] = await this.knex(TABLE).whereIn('url', part);
      for (const row of rows) {
        result.set(row.url, {
          state: row.state,
          checkedAt: fromDb(row.checked_at),
          ...(row.status_code !== null && { statusCode: row.status_code }),
          ...(row.problem !== null && { problem: row.problem }),
        });
      }
    }
    return result;
  }
}
