import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { incidentsTranslationRef } from '../../translation';
import { OncallCard } from '../OncallCard';

/** Overview card: who is on call now for the entity's owner, or how to set a rotation up. */
export function EntityOncallCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const { value, loading, error } = useAsync(
    () => incidentsApi.getEntitySummary(entityRef),
    [incidentsApi, entityRef],
  );

  if (loading) {
    return (
      <InfoCard title={t('cards.oncall.title')}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <IncidentsErrorPanel
        error={error ?? new Error('No on-call summary')}
        title={t('cards.oncall.loadError')}
      />
    );
  }
  return <OncallCard ownerRef={value.ownerRef} oncall={value.oncall} />;
}
