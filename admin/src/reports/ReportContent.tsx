import { useState } from 'react';
import { Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { ApiError, gql } from '../api';

const FIELDS = ['scope', 'method', 'summary'] as const;
type Field = (typeof FIELDS)[number];
export type ReportText = Record<Field, string | null>;

/**
 * The report's own words, 体检范围, 体检方法 and 体检结论: read on the report's page, and edited
 * there while the report is the lawyer's (a draft, or returned). Saved with the version on
 * screen, so a concurrent change is refused rather than overwritten.
 */
export function ReportContent({
  report,
  editable,
  onSaved,
}: {
  report: ReportText & { id: string; version: number };
  editable: boolean;
  onSaved: () => Promise<void>;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<Field, string>>({ scope: '', method: '', summary: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const label = (f: Field) => translate(`resources.CheckupReport.fields.${f}`);

  const start = () => {
    setValues({ scope: report.scope ?? '', method: report.method ?? '', summary: report.summary ?? '' });
    setErrors({});
    setEditing(true);
  };
  const save = async () => {
    try {
      await gql(
        'mutation($id: ID!, $version: Int, $scope: String, $method: String, $summary: String) { updateCheckupReport(id: $id, version: $version, scope: $scope, method: $method, summary: $summary) { id } }',
        {
          id: report.id,
          version: report.version,
          ...Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() || null])),
        },
      );
      setEditing(false);
      notify(translate('lawcheck.ui.saved'), { type: 'success' });
      await onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.reason && FIELDS.includes(e.field as Field))
        setErrors({ [e.field as Field]: e.reason });
      else notify(e instanceof Error ? e.message : String(e), { type: 'error' });
    }
  };

  return (
    <Card sx={{ mb: 2 }} data-testid="report-content">
      <CardContent>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography variant="h6">{translate('lawcheck.ui.reportContent')}</Typography>
          {editable && !editing && (
            <Button name="edit-content" onClick={start}>
              {translate('lawcheck.ui.edit')}
            </Button>
          )}
        </Stack>
        {FIELDS.map((f) =>
          editing ? (
            <TextField
              key={f}
              fullWidth
              multiline
              minRows={f === 'summary' ? 3 : 1}
              size="small"
              name={f}
              label={label(f)}
              value={values[f]}
              onChange={(e) => {
                setValues({ ...values, [f]: e.target.value });
                setErrors({ ...errors, [f]: undefined });
              }}
              error={Boolean(errors[f])}
              helperText={errors[f]}
              sx={{ mt: 1.5 }}
            />
          ) : (
            <Box key={f} sx={{ mt: 1 }} data-testid={`report-${f}`}>
              <Typography variant="caption" color="text.secondary">
                {label(f)}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {report[f] || '—'}
              </Typography>
            </Box>
          ),
        )}
        {editing && (
          <Stack direction="row" spacing={1} sx={{ mt: 1.5 }}>
            <Button variant="contained" name="save-content" onClick={() => void save()}>
              {translate('lawcheck.ui.save')}
            </Button>
            <Button name="cancel-content" onClick={() => setEditing(false)}>
              {translate('lawcheck.ui.cancel')}
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
