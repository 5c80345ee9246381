import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** The acting principal: a user's entity ref, or a service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef!
    : principal.subject ?? 'unknown';
}
