import {
  FilterList,
  FilterListItem,
  FilterLiveSearch,
  SavedQueriesList,
  useGetList,
  useTranslate,
} from 'react-admin';
import { Card, CardContent } from '@mui/material';
import { addDays, addMonths } from '../../../server/domain/dates';
import { todayIso } from '../format';
import { RESOURCES, resourceDef } from '../resources';
import { text, type FieldDef, type ResourceDef, type Row } from './fields';
import { useChoices } from './FieldView';

/** References few enough to list as facets; the others are searched in the filter menu. */
export const FACET_REFS = new Set(['Department', 'District', 'LeniencyListSeries']);

/** Whether a filter field is offered in the sidebar (otherwise only in the 添加筛选 menu). */
export const isFacet = (f: FieldDef) =>
  ['enum', 'bool', 'date', 'datetime', 'resourceName', 'action'].includes(f.type) ||
  (f.type === 'ref' && FACET_REFS.has(f.ref!));

/** The actions the audit trail records (server: services/audit.ts callers). */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'publish',
  'supersede',
  'fine-override',
  'export',
  'submit',
  'return',
  'accept',
  'deliver',
  'login',
  'login-failed',
  'logout',
];

/** Choices of the fields that are words without an enum: resource names and audit actions. */
export function otherChoices(f: FieldDef, translate: ReturnType<typeof useTranslate>) {
  return f.type === 'resourceName'
    ? RESOURCES.filter((r) => r.name !== 'AuditEntry').map((r) => ({
        id: r.name,
        name: translate(`resources.${r.name}.name`, { smart_count: 1 }),
      }))
    : AUDIT_ACTIONS.map((a) => ({ id: a, name: translate(`lawcheck.ui.action.${a}`) }));
}

/** An instant filter takes a time: the day's bounds in the city's time. */
const instant = (date: string | undefined, end: boolean) =>
  date === undefined ? undefined : `${date}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00`;

/** Date ranges by meaning: this month, last month, this year, last year, earlier. */
function dateBuckets(source: string, withTime: boolean) {
  const today = todayIso();
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthStart = addMonths(monthStart, -1);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const lastYearStart = `${Number(today.slice(0, 4)) - 1}-01-01`;
  const range = (from: string | undefined, to: string | undefined) => ({
    [`${source}_gte`]: withTime ? instant(from, false) : from,
    [`${source}_lte`]: withTime ? instant(to, true) : to,
  });
  return [
    { key: 'thisMonth', value: range(monthStart, undefined) },
    { key: 'lastMonth', value: range(lastMonthStart, addDays(monthStart, -1)) },
    { key: 'thisYear', value: range(yearStart, undefined) },
    { key: 'lastYear', value: range(lastYearStart, addDays(yearStart, -1)) },
    { key: 'earlier', value: range(undefined, addDays(lastYearStart, -1)) },
  ];
}

function RefFacet({ f, label }: { f: FieldDef; label: string }) {
  const target = resourceDef(f.ref!);
  const { data } = useGetList<Row>(f.ref!, {
    pagination: { page: 1, perPage: 50 },
    sort: target.sort ?? { field: 'id', order: 'ASC' },
  });
  return (
    <FilterList label={label} icon={null}>
      {(data ?? []).map((record) => (
        <FilterListItem
          key={record.id}
          label={text(record[target.representation]) || text(record.id)}
          value={{ [f.source]: String(record.id) }}
        />
      ))}
    </FilterList>
  );
}

function Facet({ r, f }: { r: ResourceDef; f: FieldDef }) {
  const translate = useTranslate();
  const choices = useChoices(f.enum);
  const label = `resources.${r.name}.fields.${f.source}`;
  switch (f.type) {
    case 'enum':
      return (
        <FilterList label={label} icon={null}>
          {choices.map((c) => (
            <FilterListItem key={c.id} label={c.name} value={{ [f.source]: c.id }} />
          ))}
        </FilterList>
      );
    case 'bool':
      return (
        <FilterList label={label} icon={null}>
          <FilterListItem label={translate('lawcheck.ui.yes')} value={{ [f.source]: true }} />
          <FilterListItem label={translate('lawcheck.ui.no')} value={{ [f.source]: false }} />
        </FilterList>
      );
    case 'date':
    case 'datetime':
      return (
        <FilterList label={label} icon={null}>
          {dateBuckets(f.source, f.type === 'datetime').map((b) => (
            <FilterListItem key={b.key} label={translate(`lawcheck.ui.bucket.${b.key}`)} value={b.value} />
          ))}
        </FilterList>
      );
    case 'ref':
      return <RefFacet f={f} label={label} />;
    case 'resourceName':
    case 'action':
      return (
        <FilterList label={label} icon={null}>
          {otherChoices(f, translate).map((c) => (
            <FilterListItem key={c.id} label={c.name} value={{ [f.source]: c.id }} />
          ))}
        </FilterList>
      );
    default:
      return null;
  }
}

/**
 * The filter sidebar (react-admin's demo, VisitorListAside): saved queries, free text, and a
 * facet per filterable field in the user's words. Hidden on narrow screens, where the filter
 * menu offers the same filters.
 */
export function ListAside({ r }: { r: ResourceDef }) {
  return (
    <Card
      data-testid="filter-sidebar"
      sx={{ order: -1, mr: 2, mt: 8, width: 220, flexShrink: 0, display: { xs: 'none', md: 'block' } }}
    >
      <CardContent>
        <SavedQueriesList />
        <FilterLiveSearch source="q" />
        {r.fields
          .filter((f) => f.filter && isFacet(f))
          .map((f) => (
            <Facet key={f.source} r={r} f={f} />
          ))}
      </CardContent>
    </Card>
  );
}
