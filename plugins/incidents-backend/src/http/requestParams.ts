import { InputError } from '@backstage/errors';

/** Largest page a list route returns. */
export const MAX_PAGE = 200;

/** An incident id from `12` or `INC-12`, or 400. */
export function parseIncidentId(value: string): number {
  const id = Number(String(value).replace(/^INC-/i, ''));
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new InputError(
      `'${value}' is not an incident id or reference such as INC-12`,
    );
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
