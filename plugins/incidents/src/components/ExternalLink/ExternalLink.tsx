import { Link, LinkProps } from '@backstage/ui';

/**
 * A link to a page outside Backstage (runbooks, dashboards, tickets): it opens in a
 * new tab without handing that page a reference back to ours. Backstage UI's `Link`
 * leaves target and rel to the caller, which the core-components link used to set.
 */
export function ExternalLink(props: LinkProps) {
  return <Link target="_blank" rel="noopener noreferrer" {...props} />;
}
