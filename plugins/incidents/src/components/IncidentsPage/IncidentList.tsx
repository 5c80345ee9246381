import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { coreApis, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Incident, Page } from '@firebreak/plugin-incidents-common';
import { Box, Button, LinearProgress } from '@material-ui/core';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { useIncidentsRefreshKey } from '../../hooks/useIncidentsSignal';
import { incidentsTranslationRef } from '../../translation';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { IncidentsTable } from '../IncidentsTable';
import { IncidentFilters } from './IncidentFilters';
import { IncidentsNavBar } from '../IncidentsNavBar';
import { IncidentViews } from './IncidentViews';
import {
  ListFilters,
  parseListFilters,
  serializeListFilters,
  toIncidentListFilter,
  ViewIdentity,
} from './listFilters';
import { useSavedViews } from './useSavedViews';

/** Incidents per page of the list. */
export const PAGE_SIZE = 50;

function isGroupRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
}

/**
 * All incidents the user may see, newest first, a page at a time, narrowed by filters
 * and views that live in the URL query so that a view can be shared as a link.
 */
export function IncidentList() {
  const incidentsApi = useApi(incidentsApiRef);
  const identityApi = useApi(coreApis.identity);
  // Optional: without a catalog the owner filter still takes typed refs.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseListFilters(searchParams), [searchParams]);
  const filterKey = serializeListFilters(filters);
  const savedViews = useSavedViews();
  const { t } = useTranslationRef(incidentsTranslationRef);

  const setup = useAsync(async () => {
    const [severities, identity, groupRefs] = await Promise.all([
      incidentsApi.getSeverities(),
      identityApi.getBackstageIdentity().then(
        (id): ViewIdentity => ({
          userEntityRef: id.userEntityRef,
          groupRefs: id.ownershipEntityRefs.filter(isGroupRef),
        }),
      ),
      catalogApi
        ? catalogApi
            .getEntities({
              filter: { kind: 'Group' },
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            })
            .then(
              r => r.items.map(e => stringifyEntityRef(e)).sort(),
              () => [] as string[],
            )
        : Promise.resolve([] as string[]),
    ]);
    return { severities, identity, groupRefs };
  }, [incidentsApi, identityApi, catalogApi]);

  // Cursors belong to one set of filters: a new filter starts again at the first page.
  const [paging, setPaging] = useState<{
    key: string;
    cursors: (string | undefined)[];
  }>({ key: filterKey, cursors: [undefined] });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const identity = setup.value?.identity;
  const refreshKey = useIncidentsRefreshKey();
  const list = useAsyncRetry(async (): Promise<Page<Incident> | undefined> => {
    if (!identity) return undefined;
    const filter = toIncidentListFilter(
      parseListFilters(new URLSearchParams(filterKey)),
      identity,
    );
    if (!filter) return { items: [] };
    return incidentsApi.listIncidents({ ...filter, limit: PAGE_SIZE, cursor });
  }, [incidentsApi, identity, filterKey, cursor, refreshKey]);

  const applyQuery = (query: string) =>
    setSearchParams(new URLSearchParams(query));
  const applyFilters = (next: ListFilters) =>
    applyQuery(serializeListFilters(next));

  const header = <IncidentsNavBar current="incidents" />;
  if (setup.error) {
    return (
      <>
        {header}
        <IncidentsErrorPanel error={setup.error} />
      </>
    );
  }
  if (!setup.value) {
    return (
      <>
        {header}
        <Progress />
      </>
    );
  }
  const { severities, groupRefs } = setup.value;
  const teamless = filters.view === 'teams' && !identity?.groupRefs.length;
  const ownerOptions =
    filters.view === 'teams'
      ? identity!.groupRefs
      : [...new Set([...identity!.groupRefs, ...groupRefs])].sort();
  const page = list.value;

  let body;
  if (list.error) {
    body = <IncidentsErrorPanel error={list.error} />;
  } else if (!page) {
    body = <Progress />;
  } else {
    body = (
      <>
        {list.loading && <LinearProgress />}
        <IncidentsTable
          title={t('list.title')}
          incidents={page.items}
          severities={severities}
          emptyContent={
            <Box p={2}>
              {teamless ? t('list.emptyTeamless') : t('list.empty')}
            </Box>
          }
        />
        <Box mt={2} display="flex" style={{ gap: 8 }}>
          <Button
            disabled={cursors.length < 2}
            onClick={() =>
              setPaging({ key: filterKey, cursors: cursors.slice(0, -1) })
            }
          >
            {t('list.previousPage')}
          </Button>
          <Button
            disabled={!page.nextCursor}
            onClick={() =>
              setPaging({
                key: filterKey,
                cursors: [...cursors, page.nextCursor],
              })
            }
          >
            {t('list.nextPage')}
          </Button>
        </Box>
      </>
    );
  }

  return (
    <>
      {header}
      <IncidentViews
        filters={filters}
        savedViews={savedViews.views}
        onSelect={applyQuery}
        onSave={savedViews.save}
        onDelete={savedViews.remove}
      />
      <Box mb={2}>
        <IncidentFilters
          filters={filters}
          onChange={applyFilters}
          severities={severities}
          ownerOptions={ownerOptions}
        />
      </Box>
      {body}
    </>
  );
}
