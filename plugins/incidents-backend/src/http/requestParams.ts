import { InputError } from '@backstage/errors';

/** Largest page a list route returns. */
export const MAX_PAGE = 200;

/** Largest id a table holds: ids are PostgreSQL `integer` (int4) columns. */
export const MAX_ID = 2147483647;

/** An incident id from `12` or `INC-12`, or 400. */
export function parseIncidentId(value: unknown): number {
  const id = Number(String(value).replace(/^INC-/i, ''));
  // Beyond int4 PostgreSQL fails the query (a 500); no such incident can exist anyway.
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) {
    throw new InputError(
      `'${value}' is not an incident id or reference such as INC-12`,
    );
  }
  return id;
}

/** A positive id of at most {@link MAX_ID} (a path or query parameter), or 400 naming the field. */
export function parseId(value: unknown, field: string): number {
  const text = String(value);
  const id = /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) {
    throw new InputError(`${field} '${text.slice(0, 40)}' is not an id`);
  }
  return id;
}

/** A page size between 1 and {@link MAX_PAGE} (default 50), or 400. */
export function parseLimit(value: unknown): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new InputError(`limit must be between 1 and ${MAX_PAGE}`);
  }
  return limit;
}

/** A repeatable query parameter as a list; absent or empty as undefined. */
export function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value])
    .map(String)
    .filter(Boolean);
  return values.length ? values : undefined;
}
