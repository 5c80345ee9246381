import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  IMPACT_TYPES,
  ImpactType,
  Incident,
  IncidentImpact,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  makeStyles,
  TextField,
  useMediaQuery,
  useTheme,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { FormEvent, useState } from 'react';
import { DeclaredIncident, incidentsApiRef } from '../../api';
import { humanDuration } from '../../format';
import { IncidentsErrorPanel } from '../IncidentsErrorPanel';
import { incidentsTranslationRef } from '../../translation';

/** Props of {@link DeclareIncidentDialog}. */
export type DeclareIncidentDialogProps = {
  open: boolean;
  onClose: () => void;
  /** The primary entity; listed first among the affected entities. */
  entityRef: string;
  severities: SeverityLevel[];
  onDeclared: (incident: Incident) => void;
};

function policyHint(level?: SeverityLevel): string {
  if (!level) return '';
  const paging = level.pages
    ? 'pages the on-call'
    : 'notifies the owning team only';
  const target = level.resolveWithin
    ? `; resolve within ${humanDuration(level.resolveWithin)}`
    : '';
  return `${level.description} This ${paging}${target}.`;
}

/** The impact fields that were filled in; empty ones are left out. */
function impactOf(fields: {
  impactType: ImpactType | '';
  submitterSource: string;
  customers: string;
  systems: string;
  usersAffected: string;
}): IncidentImpact {
  const systems = fields.systems
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  return {
    ...(fields.impactType && { impactType: fields.impactType }),
    ...(fields.submitterSource.trim() && {
      submitterSource: fields.submitterSource.trim(),
    }),
    ...(fields.customers.trim() && { customers: fields.customers.trim() }),
    ...(systems.length && { systems }),
    ...(fields.usersAffected.trim() && {
      usersAffected: fields.usersAffected.trim(),
    }),
  };
}

const useStyles = makeStyles({
  // The form spans title, content and actions, so it must pass the dialog's column
  // layout on: only the fields scroll, and Declare/Cancel stay in view.
  form: {
    display: 'flex',
    flexDirection: 'column',
    flex: '1 1 auto',
    minHeight: 0,
  },
  // Impact fields two to a row where there is room, so the form fits a laptop screen.
  impact: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
    columnGap: 16,
  },
});

/**
 * A form to declare an incident on an entity. Fully keyboard-usable: the dialog traps
 * focus, Tab reaches the title first, selects are native, and Enter submits.
 */
export function DeclareIncidentDialog(props: DeclareIncidentDialogProps) {
  const { open, onClose, entityRef, severities, onDeclared } = props;
  const incidentsApi = useApi(incidentsApiRef);
  const { t } = useTranslationRef(incidentsTranslationRef);
  const classes = useStyles();
  // On a phone the dialog takes the whole screen, above the app's bottom navigation.
  const fullScreen = useMediaQuery(useTheme().breakpoints.down('xs'));
  const [title, setTitle] = useState('');
  // Default to the least severe paging-free level, so paging is always a deliberate choice.
  const [severity, setSeverity] = useState(
    () => severities.find(level => !level.pages)?.id ?? severities[0]?.id ?? '',
  );
  const [description, setDescription] = useState('');
  const [impactType, setImpactType] = useState<ImpactType | ''>('');
  const [submitterSource, setSubmitterSource] = useState('');
  const [customers, setCustomers] = useState('');
  const [systems, setSystems] = useState('');
  const [usersAffected, setUsersAffected] = useState('');
  const [affected, setAffected] = useState(entityRef);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  // Declared with warnings: the dialog stays open until the declarer has read them.
  const [warned, setWarned] = useState<DeclaredIncident>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refs = affected
      .split(/[\s,]+/)
      .map(ref => ref.trim())
      .filter(Boolean);
    const [primary = entityRef, ...others] = refs;
    setSubmitting(true);
    setError(undefined);
    try {
      const incident = await incidentsApi.declareIncident({
        title: title.trim(),
        severity,
        entityRef: primary,
        ...(description.trim() && { description: description.trim() }),
        ...(others.length && { affectedEntityRefs: others }),
        impact: impactOf({
          impactType,
          submitterSource,
          customers,
          systems,
          usersAffected,
        }),
      });
      if (incident.warnings?.length) {
        setWarned(incident);
      } else {
        onDeclared(incident);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  if (warned) {
    return (
      <Dialog
        open={open}
        onClose={() => onDeclared(warned)}
        fullWidth
        fullScreen={fullScreen}
        maxWidth="sm"
        aria-labelledby="declare-incident-title"
      >
        <DialogTitle id="declare-incident-title">
          {t('declareDialog.declaredTitle', { ref: warned.ref })}
        </DialogTitle>
        <DialogContent>
          {warned.warnings!.map(warning => (
            <Alert key={warning} severity="warning">
              {warning}
            </Alert>
          ))}
        </DialogContent>
        <DialogActions>
          <Button
            color="primary"
            variant="contained"
            onClick={() => onDeclared(warned)}
          >
            {t('declareDialog.ok')}
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      fullScreen={fullScreen}
      maxWidth="sm"
      scroll="paper"
      aria-labelledby="declare-incident-title"
    >
      <form onSubmit={submit} className={classes.form}>
        <DialogTitle id="declare-incident-title">
          {t('declareDialog.title')}
        </DialogTitle>
        <DialogContent dividers>
          {error && (
            <IncidentsErrorPanel
              error={error}
              title={t('declareDialog.notDeclared')}
            />
          )}
          <TextField
            id="declare-incident-title-field"
            label={t('declareDialog.fields.title')}
            value={title}
            onChange={e => setTitle(e.target.value)}
            required
            fullWidth
            margin="normal"
            inputProps={{ maxLength: 200 }}
          />
          <TextField
            select
            id="declare-incident-severity"
            label={t('declareDialog.fields.severity')}
            value={severity}
            onChange={e => setSeverity(e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            helperText={policyHint(severities.find(l => l.id === severity))}
            required
            fullWidth
            margin="normal"
          >
            {severities.map(level => (
              <option key={level.id} value={level.id}>
                {`${level.id} · ${level.label}`}
              </option>
            ))}
          </TextField>
          <TextField
            id="declare-incident-description"
            label={t('declareDialog.fields.description')}
            value={description}
            onChange={e => setDescription(e.target.value)}
            multiline
            minRows={3}
            fullWidth
            margin="normal"
          />
          <div className={classes.impact}>
            <TextField
              select
              id="declare-incident-impact-type"
              label={t('declareDialog.fields.impactType')}
              value={impactType}
              onChange={e => setImpactType(e.target.value as ImpactType | '')}
              SelectProps={{ native: true }}
              InputLabelProps={{ shrink: true }}
              fullWidth
              margin="normal"
            >
              <option value="">
                {t('declareDialog.fields.impactTypeUnknown')}
              </option>
              {IMPACT_TYPES.map(type => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </TextField>
            <TextField
              id="declare-incident-submitter"
              label={t('declareDialog.fields.reportedBy')}
              placeholder={t('declareDialog.fields.reportedByPlaceholder')}
              value={submitterSource}
              onChange={e => setSubmitterSource(e.target.value)}
              fullWidth
              margin="normal"
              inputProps={{ maxLength: 500 }}
            />
            <TextField
              id="declare-incident-customers"
              label={t('declareDialog.fields.customers')}
              value={customers}
              onChange={e => setCustomers(e.target.value)}
              fullWidth
              margin="normal"
              inputProps={{ maxLength: 2000 }}
            />
            <TextField
              id="declare-incident-systems"
              label={t('declareDialog.fields.systems')}
              helperText={t('declareDialog.fields.systemsHelp')}
              value={systems}
              onChange={e => setSystems(e.target.value)}
              fullWidth
              margin="normal"
            />
            <TextField
              id="declare-incident-users"
              label={t('declareDialog.fields.users')}
              value={usersAffected}
              onChange={e => setUsersAffected(e.target.value)}
              fullWidth
              margin="normal"
              inputProps={{ maxLength: 2000 }}
            />
          </div>
          <TextField
            id="declare-incident-affected"
            label={t('declareDialog.fields.affected')}
            value={affected}
            onChange={e => setAffected(e.target.value)}
            helperText={t('declareDialog.fields.affectedHelp')}
            required
            fullWidth
            margin="normal"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('declareDialog.cancel')}</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting || !title.trim() || !severity}
          >
            {t('declareDialog.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
