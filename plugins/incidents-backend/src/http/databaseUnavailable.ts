import { ServiceUnavailableError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

// Node socket errors met while connecting to (or talking with) the database server.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

// PostgreSQL SQLSTATEs that say "the server is not there right now", not "your query is
// wrong": admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting
// down), too_many_connections. Class 08 (connection exception) is matched by prefix.
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

// A SQLite file held by a writer beyond busy_timeout, or one that cannot be opened.
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_CANTOPEN']);

// node-postgres reports a dropped socket without a code, only with these messages; knex
// puts the failed statement in front (`update "alerts" … - Connection terminated …`).
const MESSAGES = [
  /\bConnection terminated\b/,
  /\bClient has encountered a connection error and is not queryable\b/,
  /\btimeout exceeded when trying to connect\b/,
  /\bKnex: Timeout acquiring a connection\b/,
];

/** A failed HTTP call to another service: what it was for and the socket error. */
export type UpstreamNetworkFailure = {
  /** e.g. `the permission service`, or `a Backstage service` when the URL is unknown. */
  service: string;
  /** The Node socket error code, e.g. `ECONNRESET`. */
  code?: string;
};

const SERVICE_NAMES: Record<string, string> = {
  permission: 'the permission service',
  catalog: 'the catalog',
  auth: 'the auth service',
};

function serviceOf(url: string | undefined): string {
  const pluginId = url && /\/api\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
  if (!pluginId) return 'a Backstage service this request depends on';
  return SERVICE_NAMES[pluginId] ?? `the ${pluginId} service`;
}

/**
 * Whether `error` (or what it wraps) is a network failure of an HTTP call this backend
 * made (node-fetch's `FetchError` of type `system`, or undici's `TypeError: fetch
 * failed`), such as an `ECONNRESET` from the permission service. Such errors carry the
 * same socket codes as a lost database connection, so they are told apart first.
 */
export function upstreamNetworkFailure(
  error: unknown,
  depth = 0,
): UpstreamNetworkFailure | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const { name, type, code, message, cause } = error as {
    name?: unknown;
    type?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  const text = typeof message === 'string' ? message : '';
  if (name === 'FetchError' && type === 'system') {
    const url = /^request to (\S+) failed/.exec(text)?.[1];
    return {
      service: serviceOf(url),
      code: typeof code === 'string' ? code : undefined,
    };
  }
  if (name === 'TypeError' && text === 'fetch failed') {
    const causeCode = (cause as { code?: unknown } | undefined)?.code;
    return {
      service: serviceOf(undefined),
      code: typeof causeCode === 'string' ? causeCode : undefined,
    };
  }
  return upstreamNetworkFailure(cause, depth + 1);
}

function unavailableCause(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { name, code, message, cause, errors } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  // The pool gave up waiting for a connection: knex's acquireConnectionTimeout.
  if (name === 'KnexTimeoutError') return true;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLITE_CODES.has(code)) return true;
    if (POSTGRES_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && MESSAGES.some(m => m.test(message))) {
    return true;
  }
  // Wrapped errors (ForwardedError) and Node's AggregateError of every address tried.
  if (
    Array.isArray(errors) &&
    errors.some(e => unavailableCause(e, depth + 1))
  ) {
    return true;
  }
  return unavailableCause(cause, depth + 1);
}

/**
 * Whether an error means the database cannot be reached or refuses connections for now
 * (connection refused or dropped, server shutting down or starting up, pool acquire
 * timeout), as opposed to a failed query. Errors that already carry an HTTP status
 * (`InputError`, `NotFoundError`, …) never count.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name } = error as { name?: unknown };
  if (name === 'ServiceUnavailableError') return false;
  const status =
    (error as { statusCode?: unknown }).statusCode ??
    (error as { status?: unknown }).status;
  if (typeof status === 'number') return false;
  if (upstreamNetworkFailure(error)) return false;
  return unavailableCause(error);
}

/**
 * Whether an error is a 5xx answer from another Backstage service this request called
 * (permission, auth, catalog: a `ResponseError`). They share the database server, so when
 * it is down, the permission check of a read fails this way before any incidents query.
 */
export function isUpstreamUnavailableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, statusCode } = error as {
    name?: unknown;
    statusCode?: unknown;
  };
  return (
    name === 'ResponseError' &&
    typeof statusCode === 'number' &&
    statusCode >= 500 &&
    statusCode <= 599
  );
}

/**
 * The error to answer with: a `ServiceUnavailableError` (503) for an unreachable
 * database, an unreachable service this backend called (named: "the permission service
 * is unavailable"), or a failing upstream Backstage service, so that callers and alert senders
 * retry later instead of treating the request as a bug (500); any other error unchanged.
 */
export function toServiceUnavailable(error: unknown): unknown {
  const upstream =
    error && typeof error === 'object' && !('statusCode' in error)
      ? upstreamNetworkFailure(error)
      : undefined;
  if (upstream) {
    const service =
      upstream.service.charAt(0).toUpperCase() + upstream.service.slice(1);
    return new ServiceUnavailableError(
      `${service} is unavailable${
        upstream.code ? ` (${upstream.code})` : ''
      }; retry the request later`,
      error,
    );
  }
  if (isDatabaseUnavailableError(error)) {
    return new ServiceUnavailableError(
      'The incidents database is unavailable; retry the request later',
      error,
    );
  }
  if (isUpstreamUnavailableError(error)) {
    return new ServiceUnavailableError(
      `A Backstage service this request depends on answered ${
        (error as { statusCode: number }).statusCode
      }; retry the request later`,
      error,
    );
  }
  return error;
}

/**
 * Express error middleware mapping database-unavailable and upstream 5xx errors to 503. Mounted after the
 * plugin's routers, before Backstage's error handler writes the answer.
 */
export const databaseUnavailableHandler: ErrorRequestHandler = (
  error,
  _req,
  _res,
  next,
) => {
  next(toServiceUnavailable(error));
};
