import type { ReactElement } from 'react';
import {
  ArrayField,
  BooleanField,
  Datagrid,
  FunctionField,
  NumberField,
  ReferenceField,
  SelectField,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import { ENUM_LABELS, type EnumName } from '../i18n/domain';
import { resourceDef } from '../resources';
import type { FieldDef } from './fields';
import { ChangesView } from './History';

/** Choices of an enum, labelled in the current language. */
export function useChoices(name: EnumName | undefined) {
  const translate = useTranslate();
  if (!name) return [];
  return Object.keys(ENUM_LABELS[name]).map((id) => ({ id, name: translate(`lawcheck.enum.${name}.${id}`) }));
}

export const money = { style: 'currency', currency: 'CNY' } as const;
/** An amount that may be yuan or a multiple (a baseline tier): up to two decimals, no currency sign. */
const amount = { maximumFractionDigits: 2 } as const;

/** 2024-07-01 12:30, in the city's time. */
export const cityTime = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));

/** An enum list (mitigating factors, penalty kinds) as chips with their words, never the codes. */
function EnumChips({ def }: { def: FieldDef }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const values = (record?.[def.source] as string[] | undefined) ?? [];
  return (
    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
      {values.map((v) => (
        <Chip
          key={v}
          size="small"
          label={def.type === 'enumList' ? translate(`lawcheck.enum.${def.enum}.${v}`) : v}
        />
      ))}
    </Stack>
  );
}

/** A health-check report by what a reader knows it by: its number, enterprise and date. */
function ReportName() {
  const record = useRecordContext();
  if (!record) return null;
  // `title` is 报告编号 and the enterprise's name, from the server (CheckupReport.title).
  return (
    <span>
      {String(record.title ?? '')}
      {record.checkDate ? `（${String(record.checkDate)}）` : ''}
    </span>
  );
}

/** A list item by its list, number and kind ("3.0版 第5项 首违不罚"). */
function ItemName() {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <span>
      <ReferenceField source="listId" reference="LeniencyList" link={false}>
        <TextField source="version" />
      </ReferenceField>
      {` · ${String(record.number)} · ${translate(`lawcheck.enum.LeniencyKind.${String(record.kind)}`)}`}
    </span>
  );
}

/** How a record of `resource` is named where another record refers to it. */
export function RecordName({ resource }: { resource: string }): ReactElement {
  if (resource === 'CheckupReport') return <ReportName />;
  if (resource === 'LeniencyItem') return <ItemName />;
  return <TextField source={resourceDef(resource).representation} />;
}

/** AuditEntry.entityType: the resource's name in words. */
function ResourceNameField({ source }: { source: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source] as string | undefined;
  return <span>{value ? translate(`resources.${value}.name`, { smart_count: 1, _: value }) : ''}</span>;
}

/** AuditEntry.action in words. */
function ActionField({ source }: { source: string }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source] as string | undefined;
  return <span>{value ? translate(`lawcheck.ui.action.${value}`, { _: value }) : ''}</span>;
}

/**
 * One field, drawn by its kind. `source` and `label` are also read by the Datagrid and show
 * layout around it (react-admin takes column headers and labels from the child's props), so
 * callers pass them.
 */
export function FieldView({
  def,
}: {
  def: FieldDef;
  label?: string;
  source?: string;
  sortable?: boolean;
}): ReactElement {
  const choices = useChoices(def.enum);
  const tierChoices = useChoices('Tier');
  switch (def.type) {
    // Amounts and enum labels (一般处罚, 法制审核中) are short: never broken across lines, which a
    // narrow column did one character a line.
    case 'money':
      return (
        <NumberField source={def.source} locales="zh-CN" options={money} sx={{ whiteSpace: 'nowrap' }} />
      );
    case 'int':
    case 'number':
      return <NumberField source={def.source} />;
    case 'bool':
      return <BooleanField source={def.source} />;
    case 'enum':
      return <SelectField source={def.source} choices={choices} sx={{ whiteSpace: 'nowrap' }} />;
    case 'date':
      // ISO dates as stored (2026-11-30): never cut, the same in both languages.
      return <TextField source={def.source} sx={{ whiteSpace: 'nowrap' }} />;
    case 'datetime':
      return (
        <FunctionField
          source={def.source}
          sx={{ whiteSpace: 'nowrap' }}
          render={(record: Record<string, string | null>) =>
            record[def.source] ? cityTime(record[def.source]!) : ''
          }
        />
      );
    case 'ref':
      return (
        <ReferenceField source={def.source} reference={def.ref!} link="show">
          <RecordName resource={def.ref!} />
        </ReferenceField>
      );
    case 'resourceName':
      return <ResourceNameField source={def.source} />;
    case 'action':
      return <ActionField source={def.source} />;
    case 'changes':
      return <ChangesView />;
    case 'tiers':
      return (
        <ArrayField source={def.source}>
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <SelectField source="level" choices={tierChoices} />
            {/* Yuan, or multiples of a basis: a number, not a currency. */}
            <NumberField source="min" locales="zh-CN" options={amount} />
            <NumberField source="max" locales="zh-CN" options={amount} />
            <TextField source="conditions" />
          </Datagrid>
        </ArrayField>
      );
    case 'enumList':
    case 'strings':
      return <EnumChips def={def} />;
    case 'problem':
      // A sentence: kept to a readable measure, so that the short columns beside it keep their headers on one line.
      // Red only where there is something to do; a plain dash where there is none.
      return (
        <FunctionField
          source={def.source}
          sx={{ display: 'block', maxWidth: '22em' }}
          render={(record: Record<string, string | null>) =>
            record[def.source] ? (
              <Typography component="span" variant="body2" color="error">
                {record[def.source]}
              </Typography>
            ) : (
              '—'
            )
          }
        />
      );
    default:
      return <TextField source={def.source} />;
  }
}
