import { ReferenceField, TextField, useTranslate } from 'react-admin';
import { text } from '../common/fields';
import { todayIso } from '../format';

/**
 * Under a finding on the lawyer's home page: its deadline, whether it has passed, and the
 * report it belongs to by number and enterprise (one batched request for all the rows).
 */
export function FindingDue({ record }: { record: Record<string, unknown> }) {
  const translate = useTranslate();
  const deadline = text(record.deadline);
  const late = deadline < todayIso();
  return (
    <span data-testid="finding-due">
      {translate(late ? 'lawcheck.home.overdueSince' : 'lawcheck.home.dueOn', { date: deadline })}
      {' · '}
      <ReferenceField record={record} source="reportId" reference="CheckupReport" link={false}>
        <TextField source="title" variant="inherit" />
      </ReferenceField>
    </span>
  );
}
