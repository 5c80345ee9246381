import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ONCALL,
  OncallNow,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import { utc } from '../../format';

/** Props of {@link OncallCard}. */
export type OncallCardProps = {
  /** Owner group of the entity, when the catalog knows it. */
  ownerRef?: string;
  oncall?: OncallNow;
};

function exampleYaml(ownerRef: string, members: string[]): string {
  const { name, namespace } = parseEntityRef(ownerRef, {
    defaultKind: 'group',
  });
  const people = members.length
    ? members.slice(0, 3).map(m => shortRef(m))
    : ['user:alice', 'user:bob'];
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata:',
    `  name: ${name}`,
    ...(namespace && namespace !== 'default'
      ? [`  namespace: ${namespace}`]
      : []),
    '  annotations:',
    `    ${ANNOTATION_ONCALL}: |`,
    `      rotation: [${people.join(', ')}]`,
    '      start: 2026-01-05T09:00:00Z',
    '      shift: P7D',
    `      escalation: [group:${name}-leads]`,
  ].join('\n');
}

function shortRef(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref, {
    defaultKind: 'user',
  });
  return namespace === 'default'
    ? `${kind}:${name}`
    : `${kind}:${namespace}/${name}`;
}

function Person(props: { label: string; entityRef?: string; until?: string }) {
  return (
    <Box mb={1}>
      <Typography variant="overline" display="block">
        {props.label}
      </Typography>
      {props.entityRef ? (
        <Typography variant="body1">
          <EntityRefLink entityRef={props.entityRef} defaultKind="user" />
          {props.until && (
            <Typography component="span" variant="body2" color="textSecondary">
              {` until ${utc(props.until)}`}
            </Typography>
          )}
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          Nobody
        </Typography>
      )}
    </Box>
  );
}

/** Who is on call for the entity's owner, or how to set up a rotation. */
export function OncallCard(props: OncallCardProps) {
  const { ownerRef, oncall } = props;

  if (!ownerRef) {
    return (
      <InfoCard title="On call">
        <Typography variant="body2">
          This entity has no owner, so nobody can be paged. Set{' '}
          <code>spec.owner</code> to the team that runs it.
        </Typography>
      </InfoCard>
    );
  }

  const hasRotation = oncall?.source === 'rotation';
  return (
    <InfoCard
      title="On call"
      subheader={
        <>
          Owner: <EntityRefLink entityRef={ownerRef} defaultKind="group" />
        </>
      }
    >
      {hasRotation && oncall ? (
        <>
          <Person
            label="Primary"
            entityRef={oncall.primary}
            until={oncall.shiftEnd}
          />
          <Person label="Secondary" entityRef={oncall.secondary} />
          <Typography variant="overline" display="block">
            Escalation
          </Typography>
          {oncall.escalation.length ? (
            <EntityRefLinks entityRefs={oncall.escalation} defaultKind="user" />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No escalation chain
            </Typography>
          )}
        </>
      ) : (
        <>
          {oncall?.source === 'members' && oncall.members.length > 0 ? (
            <Box mb={2}>
              <Typography variant="body2" paragraph>
                No rotation is defined, so every member of the team is on call:
              </Typography>
              <EntityRefLinks entityRefs={oncall.members} defaultKind="user" />
            </Box>
          ) : (
            <Typography variant="body2" paragraph>
              Nobody is known to be on call for this team.
            </Typography>
          )}
          <Typography variant="body2" paragraph>
            Add a rotation to the owner group&apos;s catalog-info.yaml with the{' '}
            <code>{ANNOTATION_ONCALL}</code> annotation:
          </Typography>
          <CodeSnippet
            language="yaml"
            text={exampleYaml(ownerRef, oncall?.members ?? [])}
            showCopyCodeButton
          />
        </>
      )}
    </InfoCard>
  );
}
