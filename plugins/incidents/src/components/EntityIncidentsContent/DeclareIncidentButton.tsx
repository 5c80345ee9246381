import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Button, Typography } from '@material-ui/core';
import { useCanDeclareIncident } from '../../hooks/useIncidentPermissions';
import { incidentsTranslationRef } from '../../translation';

/**
 * Opens the declare dialog, for users the permission policy lets declare; others read
 * why there is no button rather than meeting a 403 after filling in the form.
 */
export function DeclareIncidentButton(props: { onClick: () => void }) {
  const { t } = useTranslationRef(incidentsTranslationRef);
  const { allowed, loading } = useCanDeclareIncident();
  if (!loading && !allowed) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('permissions.declareNotAllowed')}
      </Typography>
    );
  }
  return (
    <Button
      variant="contained"
      color="secondary"
      disabled={loading}
      onClick={props.onClick}
    >
      {t('entityTab.declareButton')}
    </Button>
  );
}
