import { InputError } from '@backstage/errors';
import { Knex } from 'knex';

/** How timestamps come back from the drivers. */
export type DbTimestamp = Date | string;

/** Booleans as read back: SQLite has no boolean type and returns 0/1. */
export type DbBoolean = boolean | number;

// Keeps IN (...) lists well below the bind-parameter limits of SQLite and PostgreSQL.
const IN_LIST_SIZE = 500;

/** Splits ids for `whereIn` lists that stay under both engines' parameter limits. */
export function inListChunks<T>(items: T[], size = IN_LIST_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/**
 * The one representation of time written to the database: ISO-8601 UTC with
 * milliseconds. PostgreSQL parses it into timestamptz; on SQLite the fixed-width text
 * sorts chronologically, so ORDER BY and range comparisons behave the same on both.
 */
export function toDb(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InputError(`Invalid date: ${String(date)}`);
  }
  return date.toISOString();
}

export function fromDb(value: DbTimestamp | number): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`Unreadable timestamp in the incidents database: ${value}`);
  }
  return date.toISOString();
}

export function fromDbOptional(
  value: DbTimestamp | null | undefined,
): string | undefined {
  return value === null || value === undefined ? undefined : fromDb(value);
}

/** The id of an inserted row; pg and better-sqlite3 return `[{ id }]`, older drivers `[id]`. */
export function insertedId(result: unknown[]): number {
  const first = result[0] as number | { id: number } | undefined;
  const id = typeof first === 'object' && first !== null ? first.id : first;
  if (typeof id !== 'number') {
    throw new Error('Insert did not return an id');
  }
  return id;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

/** A keyset position: last row's time and id. */
export interface Cursor {
  d: string;
  i: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  const invalid = () => new InputError('Invalid pagination cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw invalid();
  }
  const { d, i } = parsed as Record<string, unknown>;
  if (
    typeof d !== 'string' ||
    typeof i !== 'number' ||
    !Number.isSafeInteger(i) ||
    i < 1
  ) {
    throw invalid();
  }
  const date = new Date(d);
  if (Number.isNaN(date.getTime())) {
    throw invalid();
  }
  // Re-serialised so the comparison on SQLite sees exactly the stored text format.
  return { d: date.toISOString(), i };
}

/** A keyset position in a severity-ordered list: the last row's rank, time and id. */
export interface SeverityCursor extends Cursor {
  r: number;
}

export function encodeSeverityCursor(cursor: SeverityCursor): string {
  return encodeCursor(cursor);
}

/** Decodes a cursor of a severity-ordered list; a cursor of another order is refused. */
export function decodeSeverityCursor(cursor: string): SeverityCursor {
  const { d, i } = decodeCursor(cursor);
  const { r } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 0) {
    throw new InputError('Invalid pagination cursor');
  }
  return { r, d, i };
}

/**
 * Narrows a (time DESC, id DESC) list to the rows after the cursor. The leading
 * `time <= d` is implied by the OR below it, but it is what lets both databases read a
 * range of the (time, id) index instead of scanning from the newest row: without it, a
 * deep page of a million incidents took 100–300 ms instead of under 10.
 */
export function whereAfterCursor(
  query: Knex.QueryBuilder,
  columns: { time: string; id: string },
  cursor: string,
): void {
  const { d, i } = decodeCursor(cursor);
  query
    .where(columns.time, '<=', d)
    .where(q =>
      q
        .where(columns.time, '<', d)
        .orWhere(q2 =>
          q2.where(columns.time, '=', d).andWhere(columns.id, '<', i),
        ),
    );
}
