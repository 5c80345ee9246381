import {
  CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';

/** Longest entity ref accepted: the columns holding refs are varchar(255). */
export const MAX_ENTITY_REF_LENGTH = 255;

/**
 * Whether `ref` (already in full `kind:namespace/name` form) follows the catalog's rules
 * for kinds, namespaces and names, so that it can ever match an entity.
 */
function isCatalogShaped(ref: CompoundEntityRef): boolean {
  return (
    KubernetesValidatorFunctions.isValidKind(ref.kind) &&
    // Refs compare case-insensitively; the catalog's namespace rule is written lowercase.
    KubernetesValidatorFunctions.isValidNamespace(
      ref.namespace.toLocaleLowerCase('en-US'),
    ) &&
    KubernetesValidatorFunctions.isValidObjectName(ref.name)
  );
}

/**
 * Parses an entity ref given by a caller into its full form, or answers 400. Beyond
 * `parseEntityRef` (which takes almost any text), kind, namespace and name must follow the
 * catalog's rules: a ref that no entity can ever have would leave an incident without an
 * owner and unroutable forever.
 */
export function normaliseEntityRef(
  ref: string,
  field: string,
  defaultKind?: string,
): string {
  const refuse = () =>
    new InputError(
      `${field} '${String(ref).slice(
        0,
        100,
      )}' is not an entity ref such as component:default/payments-api`,
    );
  if (typeof ref !== 'string' || ref.length > MAX_ENTITY_REF_LENGTH) {
    throw refuse();
  }
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    throw refuse();
  }
  if (!isCatalogShaped(parsed)) {
    throw refuse();
  }
  return stringifyEntityRef(parsed);
}

/** Caller-given entity refs, normalised and de-duplicated, or 400. */
export function uniqueRefs(refs: string[], field: string): string[] {
  return [...new Set(refs.map(ref => normaliseEntityRef(ref, field)))];
}

/**
 * The instants the backend accepts. Anything outside is a typo or a placeholder (year
 * 0000, 9999) that would otherwise show as "740317 days overdue" or sort before history.
 */
export const INSTANT_BOUNDS = {
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
} as const;

// Date, time to the minute or finer, and an offset: a time without one is ambiguous.
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Why {@link readInstant} refused a value. */
export type InstantProblem = 'format' | 'range';

/**
 * Reads an ISO-8601 date-time with an offset, strictly: impossible dates (30 February,
 * hour 25) are refused rather than rolled over, and so is anything outside
 * {@link INSTANT_BOUNDS}. The one date parser of the backend; {@link parseInstant} is
 * its throwing form.
 */
export function readInstant(
  value: unknown,
): { instant: Date } | { problem: InstantProblem } {
  if (typeof value !== 'string') return { problem: 'format' };
  const text = value.trim();
  if (!ISO_INSTANT.test(text)) return { problem: 'format' };
  // luxon validates every field (Date.parse rolls 2026-02-30 over to 2 March).
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) return { problem: 'format' };
  const instant = parsed.toJSDate();
  if (instant < INSTANT_BOUNDS.min || instant >= INSTANT_BOUNDS.max) {
    return { problem: 'range' };
  }
  return { instant };
}

/** The message for an instant {@link readInstant} refused. */
export function instantMessage(field: string, problem: InstantProblem) {
  return problem === 'range'
    ? `${field} must be between ${INSTANT_BOUNDS.min.toISOString()} and ${INSTANT_BOUNDS.max.toISOString()}`
    : `${field} must be an ISO-8601 date-time with an offset, such as 2026-03-01T09:00:00Z`;
}

/** An ISO-8601 date-time given by a caller (see {@link readInstant}), or 400 naming the field. */
export function parseInstant(value: unknown, field: string): Date {
  const result = readInstant(value);
  if ('problem' in result) {
    throw new InputError(instantMessage(field, result.problem));
  }
  return result.instant;
}

/** An optional instant from a query parameter: absent or empty is undefined, else {@link parseInstant}. */
export function optionalInstantParam(
  value: unknown,
  field: string,
): Date | undefined {
  if (value === undefined || value === '') return undefined;
  return parseInstant(value, field);
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

// NUL (PostgreSQL text cannot hold it) and UTF-16 surrogates without their pair (no
// UTF-8 encoding exists for them: stored, they come back mangled or not at all).
const INVALID_TEXT =
  // eslint-disable-next-line no-control-regex -- finding NUL is the point
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVALID_TEXT_GLOBAL = new RegExp(INVALID_TEXT.source, 'g');

/** What is wrong with `text` for storage, or undefined when it can be stored as is. */
export function textProblem(text: string): string | undefined {
  const match = INVALID_TEXT.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000'
    ? 'must not contain the NUL character (U+0000)'
    : 'must be valid Unicode (it holds a lone UTF-16 surrogate)';
}

/** `text` with NUL and lone surrogates replaced by U+FFFD, the replacement character. */
export function sanitiseText(text: string): string {
  return text.replace(INVALID_TEXT_GLOBAL, '\uFFFD');
}
