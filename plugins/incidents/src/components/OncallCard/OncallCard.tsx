import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ONCALL,
  EscalationLevel,
  isEscalationRole,
  OncallNow,
} from '@firebreak/plugin-incidents-common';
import { Box, Typography } from '@material-ui/core';
import { humanDuration, utc } from '../../format';
import { usePageLinks } from '../../hooks/useIncidentLink';

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

/** A policy's levels, each on a line: "after 5 min: secondary, Payments leads". */
function EscalationLevels(props: { levels: EscalationLevel[] }) {
  return (
    <Box component="ol" m={0} pl={0} style={{ listStyle: 'none' }}>
      {props.levels.map((level, i) => {
        const refs = level.notify.filter(t => !isEscalationRole(t));
        const roles = level.notify.filter(isEscalationRole);
        return (
          <Typography key={i} component="li" variant="body2">
            After {humanDuration(level.after)}: {roles.join(', ')}
            {roles.length > 0 && refs.length > 0 && ', '}
            {refs.length > 0 && (
              <EntityRefLinks entityRefs={refs} defaultKind="user" />
            )}
          </Typography>
        );
      })}
    </Box>
  );
}

/** The team's escalation: its policy's levels, its flat chain, or none. */
function Escalation(props: { oncall: OncallNow }) {
  const { escalationLevels, escalation } = props.oncall;
  if (escalationLevels) return <EscalationLevels levels={escalationLevels} />;
  if (escalation.length) {
    return <EntityRefLinks entityRefs={escalation} defaultKind="user" />;
  }
  return (
    <Typography variant="body2" color="textSecondary">
      No escalation chain
    </Typography>
  );
}

/** Who is on call for the entity's owner, or how to set up a rotation. */
export function OncallCard(props: OncallCardProps) {
  const { ownerRef, oncall } = props;
  const links = usePageLinks();

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
      deepLink={
        hasRotation
          ? {
              title: 'Schedule',
              link: `${links.oncall}?group=${encodeURIComponent(ownerRef)}`,
            }
          : undefined
      }
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
          <Escalation oncall={oncall} />
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
