import { InputError } from '@backstage/errors';
import type { RequestHandler } from 'express';
import { textProblem } from '../validation/inputs';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The first string in `value` (keys included) that cannot be stored, as
 * `<path> <problem>`, e.g. `body.title must not contain the NUL character (U+0000)`.
 */
export function findInvalidText(
  value: unknown,
  path: string,
  depth = 0,
): string | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem && `${path} ${problem}`;
  }
  // Deeper bodies are refused by the schema anyway; no stack for hostile nesting.
  if (!value || typeof value !== 'object' || depth > 64) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof key === 'string') {
      const problem = textProblem(key);
      if (problem) return `${path} has a key that ${problem}`;
    }
    const found = findInvalidText(child, childPath(path, key), depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, with a 400 naming the field, any request to the API whose body, query or path
 * holds NUL or a lone UTF-16 surrogate. PostgreSQL cannot store the first (the request
 * would fail with a 500) and no engine can store the second faithfully; refusing both
 * keeps the answer the same on SQLite and PostgreSQL.
 */
export const rejectInvalidText: RequestHandler = (req, _res, next) => {
  let segments: string[] = [];
  try {
    segments = req.path.split('/').map(decodeURIComponent);
  } catch {
    // A malformed escape: express itself answers for it, not this check.
  }
  const problem =
    findInvalidText(segments, 'path') ??
    findInvalidText(req.query, 'query') ??
    findInvalidText(req.body, 'body');
  next(problem ? new InputError(problem) : undefined);
};
