import { parseEntityRef } from '@backstage/catalog-model';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';

/** Props of {@link ActorName}. */
export type ActorNameProps = {
  /** A user's entity ref, or a service's subject such as `alert-sender`. */
  actorRef: string;
};

function isEntityRef(ref: string) {
  try {
    parseEntityRef(ref);
    return true;
  } catch {
    return false;
  }
}

/**
 * Who did something: a person by their catalog display name, or a service by the
 * subject its token was given. The backend records a service's subject (an alert
 * sender's static token, say) as the actor; it is no entity ref, and the catalog's
 * entity presentation throws on it.
 */
export function ActorName(props: ActorNameProps) {
  const { actorRef } = props;
  if (!isEntityRef(actorRef)) return <>{actorRef}</>;
  return <EntityDisplayName entityRef={actorRef} defaultKind="user" hideIcon />;
}
