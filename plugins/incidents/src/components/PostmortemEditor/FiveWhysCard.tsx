import { InfoCard } from '@backstage/core-components';
import { FiveWhy } from '@firebreak/plugin-incidents-common';
import {
  Box,
  Button,
  Chip,
  IconButton,
  makeStyles,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { memo, useId } from 'react';

/** Props of {@link FiveWhysCard}. */
export type FiveWhysCardProps = {
  whys: FiveWhy[];
  dirty: boolean;
  readOnly: boolean;
  saving: boolean;
  onChange: (whys: FiveWhy[]) => void;
  onSave: () => void;
  error?: React.ReactNode;
};

const useStyles = makeStyles(theme => ({
  // Question beside answer where there is room, one above the other on a phone.
  pair: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  fields: {
    flex: 1,
    minWidth: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    columnGap: theme.spacing(2),
  },
}));

/** The five whys as editable question/answer pairs, saved together. */
export const FiveWhysCard = memo(function FiveWhysCardContent(
  props: FiveWhysCardProps,
) {
  const { whys, dirty, readOnly, saving, onChange, onSave } = props;
  const id = useId();
  const classes = useStyles();
  const edit = (index: number, patch: Partial<FiveWhy>) =>
    onChange(whys.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  return (
    <InfoCard title="Five whys">
      {whys.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No whys written yet.
        </Typography>
      )}
      {whys.map((why, index) => (
        <div key={index} className={classes.pair}>
          <div className={classes.fields}>
            <TextField
              id={`${id}-why-${index}`}
              label={`Why ${index + 1}`}
              value={why.question}
              onChange={e => edit(index, { question: e.target.value })}
              disabled={readOnly}
              fullWidth
              multiline
              minRows={1}
              margin="dense"
            />
            <TextField
              id={`${id}-answer-${index}`}
              label={`Answer ${index + 1}`}
              value={why.answer}
              onChange={e => edit(index, { answer: e.target.value })}
              disabled={readOnly}
              fullWidth
              multiline
              minRows={1}
              margin="dense"
            />
          </div>
          {!readOnly && (
            <IconButton
              aria-label={`Remove why ${index + 1}`}
              onClick={() => onChange(whys.filter((_w, i) => i !== index))}
            >
              <DeleteIcon />
            </IconButton>
          )}
        </div>
      ))}
      {!readOnly && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
          mt={1}
        >
          <Button
            variant="outlined"
            size="small"
            onClick={() => onChange([...whys, { question: '', answer: '' }])}
          >
            Add why
          </Button>
          <Button
            variant="outlined"
            size="small"
            color="primary"
            disabled={!dirty || saving}
            onClick={onSave}
          >
            Save five whys
          </Button>
          {dirty && <Chip size="small" color="secondary" label="unsaved" />}
        </Box>
      )}
      {props.error}
    </InfoCard>
  );
});
