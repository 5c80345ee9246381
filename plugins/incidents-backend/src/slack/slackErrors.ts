import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

/** A failed Slack call, as the sender decides about retrying it. */
export interface SlackFailure {
  /** Slack's error code (`channel_not_found`), `ratelimited`, `http_500` or `request_failed`. */
  code: string;
  /** Retrying cannot help: the token, a scope or the channel must be fixed first. */
  permanent: boolean;
  /** Slack's `Retry-After`, in ms, when it gave one. */
  retryAfterMs?: number;
  /** One line for logs and the timeline. */
  detail: string;
}

// Errors of Slack's documented methods that the same request meets again on a retry.
const PERMANENT_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'team_access_not_granted',
  'ekm_access_denied',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'restricted_action',
  'invalid_arguments',
  'invalid_blocks',
  'invalid_name',
  'invalid_name_specials',
  'invalid_name_maxlength',
  'invalid_name_required',
  'cant_update_message',
  'message_not_found',
  'msg_too_long',
]);

/** Classifies what a `WebClient` call threw. */
export function slackFailureOf(error: unknown): SlackFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === ErrorCode.PlatformError) {
    const slackError = (error as WebAPIPlatformError).data.error;
    return {
      code: slackError,
      permanent: PERMANENT_ERRORS.has(slackError),
      detail: slackError,
    };
  }
  if (code === ErrorCode.RateLimitedError) {
    const seconds = (error as WebAPIRateLimitedError).retryAfter;
    return {
      code: 'ratelimited',
      permanent: false,
      retryAfterMs: seconds * 1000,
      detail: `rate limited, retry after ${seconds} s`,
    };
  }
  if (code === ErrorCode.HTTPError) {
    const status = (error as WebAPIHTTPError).statusCode;
    return {
      code: `http_${status}`,
      permanent: false,
      detail: `HTTP ${status}`,
    };
  }
  if (code === ErrorCode.RequestError) {
    const original = (error as WebAPIRequestError).original as Error & {
      cause?: { code?: unknown };
    };
    const cause = original?.cause?.code
      ? ` (${String(original.cause.code)})`
      : '';
    return {
      code: 'request_failed',
      permanent: false,
      detail: `request failed: ${original?.message ?? 'unknown'}${cause}`,
    };
  }
  return {
    code: 'unexpected_error',
    permanent: false,
    detail: error instanceof Error ? error.message : String(error),
  };
}
