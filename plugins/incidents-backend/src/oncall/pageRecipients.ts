import { OncallNow } from '@firebreak/plugin-incidents-common';

/**
 * Who a page goes to: the primary on call; with no rotation (or nobody on it right now)
 * the whole on-call set; with no on-call knowledge at all the owner, whose group ref
 * Backstage notifications expand to its members, so someone is still paged.
 */
export function pageRecipients(
  oncall: OncallNow | undefined,
  ownerRef: string | undefined,
): string[] {
  if (oncall?.primary) return [oncall.primary];
  if (oncall && oncall.members.length > 0) return oncall.members;
  return ownerRef ? [ownerRef] : [];
}
