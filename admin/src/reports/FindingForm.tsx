import { useState } from 'react';
import {
  Autocomplete,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Grid,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { ApiError, gql } from '../api';
import { useDebounced } from '../common/useDebounced';
import { ENUM_LABELS } from '../i18n/domain';

/** A finding as the report screen edits it: every field of ReportFinding (../../../shared/API.md). */
export interface FindingValues {
  category: string;
  riskLevel: string;
  description: string;
  legalBasis: string;
  recommendation: string;
  deadline: string;
  offence: OffenceOption | null;
  rectified: boolean;
  rectifiedAt: string;
  rectificationNote: string;
}

export interface OffenceOption {
  id: string;
  code: string;
  title: string;
}

export const EMPTY_FINDING: FindingValues = {
  category: 'OTHER',
  riskLevel: 'GENERAL',
  description: '',
  legalBasis: '',
  recommendation: '',
  deadline: '',
  offence: null,
  rectified: false,
  rectifiedAt: '',
  rectificationNote: '',
};

const FIELDS = `id category riskLevel description legalBasis recommendation deadline rectified rectifiedAt rectificationNote`;

/** The mutation's variables: empty text is no value (null), as the API wants it. */
function variables(v: FindingValues) {
  const orNull = (s: string) => (s.trim() ? s.trim() : null);
  return {
    category: v.category,
    riskLevel: v.riskLevel,
    description: v.description.trim(),
    legalBasis: orNull(v.legalBasis),
    recommendation: orNull(v.recommendation),
    deadline: orNull(v.deadline),
    offenceId: v.offence?.id ?? null,
    rectified: v.rectified,
    rectifiedAt: v.rectified ? orNull(v.rectifiedAt) : null,
    rectificationNote: orNull(v.rectificationNote),
  };
}

const ARGS =
  'category: $category, riskLevel: $riskLevel, description: $description, legalBasis: $legalBasis, recommendation: $recommendation, deadline: $deadline, offenceId: $offenceId, rectified: $rectified, rectifiedAt: $rectifiedAt, rectificationNote: $rectificationNote';
const DECLS =
  '$category: FindingCategory!, $riskLevel: RiskLevel!, $description: String!, $legalBasis: String, $recommendation: String, $deadline: Date, $offenceId: ID, $rectified: Boolean, $rectifiedAt: Date, $rectificationNote: String';

export const saveFinding = (reportId: string, findingId: string | null, v: FindingValues) =>
  findingId
    ? gql(`mutation($id: ID!, ${DECLS}) { updateReportFinding(id: $id, ${ARGS}) { ${FIELDS} } }`, {
        id: findingId,
        ...variables(v),
      })
    : gql(
        `mutation($reportId: ID!, ${DECLS}) { createReportFinding(reportId: $reportId, ${ARGS}) { ${FIELDS} } }`,
        { reportId, ...variables(v) },
      );

/**
 * One finding's fields, in place on the report's page (react-admin's demo edits reviews the
 * same way, beside the list). Saving sends them to the server, which stays the judge: a field
 * it refuses shows its reason under that field, in the panel's language.
 */
export function FindingForm({
  initial,
  onSave,
  onCancel,
  testId,
}: {
  initial: FindingValues;
  /** Saves; throws the server's ApiError on refusal. */
  onSave: (values: FindingValues) => Promise<void>;
  onCancel?: () => void;
  testId: string;
}) {
  const translate = useTranslate();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offences, setOffences] = useState<OffenceOption[]>(initial.offence ? [initial.offence] : []);
  const label = (field: string) => translate(`resources.ReportFinding.fields.${field}`);
  const set = <K extends keyof FindingValues>(k: K, value: FindingValues[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    setErrors((old) => {
      const { [k === 'offence' ? 'offenceId' : k]: _gone, ...rest } = old;
      return rest;
    });
  };

  const search = useDebounced(async (text: string) => {
    if (!text.trim() || text === (v.offence ? `${v.offence.code} ${v.offence.title}` : '')) return;
    const d = await gql<{ searchOffences: { offence: OffenceOption }[] }>(
      'query($t: String!) { searchOffences(text: $t, limit: 15) { offence { id code title } } }',
      { t: text.slice(0, 100) },
    );
    setOffences(d.searchOffences.map((m) => m.offence));
  });

  const save = async () => {
    setBusy(true);
    setGeneral(null);
    try {
      await onSave(v);
    } catch (e) {
      if (e instanceof ApiError && e.field && e.reason && e.field !== 'id') {
        const field = e.field.replace(/^(input|data)\./, '');
        setErrors({ [field]: e.reason });
      } else setGeneral(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const text = (field: 'description' | 'legalBasis' | 'recommendation' | 'rectificationNote', md: number) => (
    <Grid size={{ xs: 12, md }}>
      <TextField
        fullWidth
        multiline
        size="small"
        name={field}
        label={label(field)}
        required={field === 'description'}
        value={v[field]}
        onChange={(e) => set(field, e.target.value)}
        error={Boolean(errors[field])}
        helperText={errors[field]}
      />
    </Grid>
  );
  const date = (field: 'deadline' | 'rectifiedAt', disabled = false) => (
    <TextField
      fullWidth
      size="small"
      type="date"
      name={field}
      label={label(field)}
      disabled={disabled}
      value={v[field]}
      onChange={(e) => set(field, e.target.value)}
      slotProps={{ inputLabel: { shrink: true } }}
      error={Boolean(errors[field])}
      helperText={errors[field]}
    />
  );
  const select = (field: 'category' | 'riskLevel', values: string[], e: 'FindingCategory' | 'RiskLevel') => (
    <Grid size={{ xs: 6, md: 3 }}>
      <TextField
        select
        fullWidth
        size="small"
        name={field}
        label={label(field)}
        value={v[field]}
        onChange={(ev) => set(field, ev.target.value)}
        error={Boolean(errors[field])}
        helperText={errors[field]}
      >
        {values.map((c) => (
          <MenuItem key={c} value={c}>
            {translate(`lawcheck.enum.${e}.${c}`)}
          </MenuItem>
        ))}
      </TextField>
    </Grid>
  );

  return (
    <Box data-testid={testId} sx={{ py: 1 }}>
      <Grid container spacing={1}>
        {select('category', Object.keys(ENUM_LABELS.FindingCategory), 'FindingCategory')}
        {select('riskLevel', Object.keys(ENUM_LABELS.RiskLevel), 'RiskLevel')}
        <Grid size={{ xs: 12, md: 6 }}>
          <Autocomplete
            options={offences}
            value={v.offence}
            filterOptions={(x) => x}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            getOptionLabel={(o) => `${o.code} ${o.title}`}
            onInputChange={(_e, text, reason) => reason === 'input' && search(text)}
            onChange={(_e, o) => set('offence', o)}
            noOptionsText={translate('ra.navigation.no_results')}
            renderInput={(params) => (
              <TextField
                {...params}
                size="small"
                name="offence"
                label={label('offenceId')}
                placeholder={translate('lawcheck.ui.offenceSearch')}
                error={Boolean(errors.offenceId)}
                helperText={errors.offenceId ?? translate('lawcheck.ui.offenceHintHelp')}
              />
            )}
          />
        </Grid>
        {text('description', 12)}
        {text('legalBasis', 6)}
        {text('recommendation', 6)}
        <Grid size={{ xs: 6, md: 3 }}>{date('deadline')}</Grid>
        <Grid size={{ xs: 6, md: 3 }}>
          <FormControlLabel
            control={
              <Checkbox
                name="rectified"
                checked={v.rectified}
                onChange={(e) => set('rectified', e.target.checked)}
              />
            }
            label={label('rectified')}
          />
        </Grid>
        <Grid size={{ xs: 6, md: 3 }}>{date('rectifiedAt', !v.rectified)}</Grid>
        {text('rectificationNote', 12)}
      </Grid>
      {general && (
        <Typography color="error" variant="body2" sx={{ mt: 1 }} data-testid="finding-error">
          {general}
        </Typography>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button
          variant="contained"
          name={onCancel ? 'save-finding' : 'add-finding'}
          disabled={busy || !v.description.trim()}
          onClick={() => void save()}
        >
          {translate(onCancel ? 'lawcheck.ui.save' : 'lawcheck.ui.addFinding')}
        </Button>
        {onCancel && (
          <Button name="cancel-finding" onClick={onCancel}>
            {translate('lawcheck.ui.cancel')}
          </Button>
        )}
      </Stack>
    </Box>
  );
}
