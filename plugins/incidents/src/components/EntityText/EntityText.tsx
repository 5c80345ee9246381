import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import { Fragment } from 'react';

/**
 * A full entity ref (`kind:namespace/name`) inside free text. Only the full form is
 * matched: it is what the backend writes, and a short `user:alice` could be prose.
 */
const ENTITY_REF =
  /\b(user|group|component|resource|system|domain|api):([a-z0-9][\w.-]*)\/([a-z0-9][\w.-]*[a-z0-9])/gi;

/** Props of {@link EntityText}. */
export type EntityTextProps = {
  text: string;
};

/**
 * Text as it was written, with every entity ref in it shown as the entity's display
 * name (the ref on hover; no link, so it reads as part of the sentence). Timeline
 * entries written before the backend named entities itself still carry refs, and
 * people read names.
 */
export function EntityText(props: EntityTextProps) {
  const { text } = props;
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(ENTITY_REF)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <EntityDisplayName entityRef={match[0].toLowerCase()} hideIcon />,
    );
    last = start + match[0].length;
  }
  if (last === 0) return <>{text}</>;
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>{part}</Fragment>
      ))}
    </>
  );
}
