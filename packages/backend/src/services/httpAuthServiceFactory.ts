import {
  BackstageCredentials,
  BackstagePrincipalTypes,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { DefaultHttpAuthService } from '@backstage/backend-defaults/httpAuth';
import type { Request, Response } from 'express';

/**
 * jose's `JWTExpired`. Backstage's legacy external-token handler only catches a bad
 * signature, so an expired but validly signed legacy token escapes as this error, which
 * the error handler does not know and answers 500 for, on every plugin's routes.
 */
function isExpiredToken(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return code === 'ERR_JWT_EXPIRED' || name === 'JWTExpired';
}

/**
 * Backstage's error handler answers 401 for an error named `AuthenticationError` (the
 * name is what it matches, as for `@backstage/errors`' class).
 */
function authenticationError(message: string, cause: unknown): Error {
  const error = new Error(message, { cause });
  error.name = 'AuthenticationError';
  return error;
}

class ExpiredTokenAwareHttpAuth implements HttpAuthService {
  constructor(private readonly inner: HttpAuthService) {}

  async credentials<TAllowed extends keyof BackstagePrincipalTypes = 'unknown'>(
    req: Request<any, any, any, any, any>,
    options?: { allow?: Array<TAllowed>; allowLimitedAccess?: boolean },
  ): Promise<BackstageCredentials<BackstagePrincipalTypes[TAllowed]>> {
    try {
      return await this.inner.credentials(req, options);
    } catch (error) {
      if (isExpiredToken(error)) {
        throw authenticationError('The token has expired', error);
      }
      throw error;
    }
  }

  issueUserCookie(
    res: Response,
    options?: { credentials?: BackstageCredentials },
  ): Promise<{ expiresAt: Date }> {
    return this.inner.issueUserCookie(res, options);
  }
}

/**
 * The default `httpAuth` service, except that an expired legacy external-access token is
 * a 401 (like any other expired token) instead of a 500. Every plugin, the credentials
 * check in front of each plugin's routes included, authenticates requests through this
 * service, so the fix covers the whole backend.
 */
export const httpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
  },
  async factory({ auth, discovery, plugin }) {
    return new ExpiredTokenAwareHttpAuth(
      DefaultHttpAuthService.create({
        auth,
        discovery,
        pluginId: plugin.getId(),
      }),
    );
  },
});
