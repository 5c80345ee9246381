import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** Parses an entity ref given by a caller into its full form, or answers 400. */
export function normaliseEntityRef(
  ref: string,
  field: string,
  defaultKind?: string,
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(
      `${field} '${ref}' is not an entity ref such as component:default/payments-api`,
    );
  }
}

/** Caller-given entity refs, normalised and de-duplicated, or 400. */
export function uniqueRefs(refs: string[], field: string): string[] {
  return [...new Set(refs.map(ref => normaliseEntityRef(ref, field)))];
}

/** An ISO-8601 date-time given by a caller, or 400 naming the field. */
export function parseInstant(value: string, field: string): Date {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(value)) {
    throw new InputError(
      `${field} must be an ISO-8601 date-time such as 2026-01-05T09:00:00Z`,
    );
  }
  return instant;
}

/** Non-empty trimmed text of at most `max` characters, or 400. */
export function requireText(
  value: string | undefined,
  field: string,
  max: number,
): string {
  const text = value?.trim();
  if (!text) {
    throw new InputError(`${field} must not be empty`);
  }
  if (text.length > max) {
    throw new InputError(`${field} must be at most ${max} characters`);
  }
  return text;
}

/** Optional trimmed text of at most `max` characters, or 400. */
export function optionalText(
  value: string | undefined,
  field: string,
  max: number,
): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > max) {
    throw new InputError(`${field} must be at most ${max} characters`);
  }
  return value.trim();
}
