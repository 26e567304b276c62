import type { ReactElement, ReactNode } from 'react';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  Create,
  DateInput,
  DateTimeInput,
  Datagrid,
  Edit,
  ExportButton,
  FilterButton,
  List,
  NumberInput,
  ReferenceInput,
  ReferenceManyField,
  SelectArrayInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  SimpleList,
  TabbedShowLayout,
  TextInput,
  TopToolbar,
  CreateButton,
  maxLength,
  required,
  usePermissions,
  useRecordContext,
  useResourceContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { resourceDef } from '../resources';
import { text, type FieldDef, type ResourceDef, type Role, type Row } from './fields';
import { FieldView, money, useChoices } from './FieldView';
import { RecordHistory } from './History';
import { ListAside, otherChoices } from './ListAside';
import { ServerExportButton } from './ServerExportButton';

/*
 * One mechanism for every resource's list, show, edit and create page: each page is drawn from
 * the resource's field definitions (resources.ts). A resource with special needs gets its own
 * page beside these (see desk/ and reports/).
 */

const TIER = 'Tier' as const;

/** GraphQL answers carry __typename on nested objects; inputs must not (a baseline's tiers). */
function withoutTypenames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypenames);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [k, withoutTypenames(v)]),
    );
  return value;
}
const transform = (data: Record<string, unknown>) => withoutTypenames(data) as Record<string, unknown>;

function validators(def: FieldDef): Validator[] {
  const v: Validator[] = [];
  if (def.required) v.push(required());
  if (def.max) v.push(maxLength(def.max));
  if (def.validate) v.push(def.validate as Validator);
  return v;
}

function FieldInput({
  def,
  filter = false,
}: {
  def: FieldDef;
  filter?: boolean;
  alwaysOn?: boolean;
  /** Read by the filter menu for its entries. */
  source?: string;
  label?: string;
}): ReactElement {
  const choices = useChoices(def.enum);
  const tierChoices = useChoices(TIER);
  const validate = filter ? undefined : validators(def);
  const translate = useTranslate();
  const resource = useResourceContext();
  const helperText = def.helperText && !filter ? translate(def.helperText) : undefined;
  switch (def.type) {
    case 'money':
      return <NumberInput source={def.source} validate={validate} step={0.01} />;
    case 'int':
      return <NumberInput source={def.source} validate={validate} step={1} />;
    case 'number':
      return <NumberInput source={def.source} validate={validate} step={0.01} />;
    case 'bool':
      return filter ? (
        <SelectInput
          source={def.source}
          choices={[
            { id: true, name: translate('lawcheck.ui.yes') },
            { id: false, name: translate('lawcheck.ui.no') },
          ]}
        />
      ) : (
        <BooleanInput source={def.source} defaultValue={def.defaultValue} />
      );
    case 'date':
      return <DateInput source={def.source} validate={validate} />;
    case 'enum':
      return <SelectInput source={def.source} choices={choices} validate={validate} />;
    case 'enumList':
      return <SelectArrayInput source={def.source} choices={choices} />;
    case 'tiers': {
      // Inside an ArrayInput react-admin looks the label up as fields.tiers.level; the words are
      // the resource's own fields (level, min, max, conditions), as its show page says them.
      const label = (field: string) => `resources.${resource}.fields.${field}`;
      return (
        <ArrayInput source={def.source} validate={validate}>
          <SimpleFormIterator inline>
            <SelectInput
              source="level"
              label={label('level')}
              choices={tierChoices}
              validate={required()}
              helperText={false}
            />
            {['min', 'max'].map((end) => (
              <NumberInput
                key={end}
                source={end}
                label={label(end)}
                step={0.01}
                validate={required()}
                helperText={false}
              />
            ))}
            <TextInput
              source="conditions"
              label={label('conditions')}
              validate={required()}
              helperText={false}
            />
          </SimpleFormIterator>
        </ArrayInput>
      );
    }
    case 'strings':
      return (
        <ArrayInput source={def.source}>
          <SimpleFormIterator inline>
            <TextInput source="" helperText={false} />
          </SimpleFormIterator>
        </ArrayInput>
      );
    case 'ref':
      return (
        <ReferenceInput source={def.source} reference={def.ref!}>
          <AutocompleteInput
            optionText={resourceDef(def.ref!).representation}
            validate={validate}
            noOptionsText={translate('ra.navigation.no_results')}
          />
        </ReferenceInput>
      );
    case 'longtext':
      return <TextInput source={def.source} validate={validate} multiline fullWidth />;
    case 'resourceName':
    case 'action':
      return <SelectInput source={def.source} choices={otherChoices(def, translate)} />;
    default:
      return (
        <TextInput
          source={def.source}
          validate={validate}
          helperText={helperText}
          type={def.source === 'password' ? 'password' : 'text'}
        />
      );
  }
}

const can = (roles: Role[], permissions: unknown) => roles.includes(permissions as Role);

/** Lists the server exports itself (no row cap, Chinese headers); the others use react-admin's CSV. */
const SERVER_EXPORT: Record<string, 'cases' | 'enterprises'> = {
  PenaltyCase: 'cases',
  Enterprise: 'enterprises',
};

/**
 * The 添加筛选 menu: every filter, each with its label ("决定日期 起" rather than the wire name
 * decisionDate_gte). The sidebar (ListAside) offers the common ones as facets.
 */
function useFilters(r: ResourceDef): ReactElement[] {
  const translate = useTranslate();
  return [
    <TextInput key="q" source="q" alwaysOn label={`resources.${r.name}.fields.q`} />,
    ...r.fields
      .filter((f) => f.filter)
      .flatMap((f) => {
        const label = translate(`resources.${r.name}.fields.${f.source}`);
        // A date is filtered by range: from (gte) and to (lte), each labelled by its meaning.
        const Range = f.type === 'datetime' ? DateTimeInput : f.type === 'date' ? DateInput : null;
        if (!Range) return [<FieldInput key={f.source} def={f} filter source={f.source} label={label} />];
        return (['gte', 'lte'] as const).map((op) => (
          <Range
            key={`${f.source}_${op}`}
            source={`${f.source}_${op}`}
            label={translate(op === 'gte' ? 'lawcheck.ui.from' : 'lawcheck.ui.to', { field: label })}
          />
        ));
      }),
  ];
}

/** One line a phone can show per record: its name, then a few of its list fields in words. */
function MobileList({ r }: { r: ResourceDef }) {
  const translate = useTranslate();
  const shown = r.fields.filter(
    (f) =>
      f.list &&
      !f.writeOnly &&
      f.source !== r.representation &&
      ['problem', 'text', 'date', 'enum', 'money', 'int'].includes(f.type),
  );
  // What needs the reader's action comes first.
  shown.sort((a, b) => Number(b.type === 'problem') - Number(a.type === 'problem'));
  const shownText = (record: Row, f: FieldDef) => {
    const v = text(record[f.source]);
    if (!v) return null;
    if (f.type === 'enum') return translate(`lawcheck.enum.${f.enum}.${v}`);
    if (f.type === 'money') return new Intl.NumberFormat('zh-CN', money).format(Number(v));
    return v;
  };
  return (
    <SimpleList<Row>
      data-testid="mobile-list"
      linkType="show"
      primaryText={(record) =>
        r.representation === 'id' ? `#${text(record.id)}` : text(record[r.representation]) || text(record.id)
      }
      secondaryText={(record) =>
        shown
          .slice(0, 3)
          .map((f) => shownText(record, f))
          .filter(Boolean)
          .join(' · ')
      }
    />
  );
}

export function ResourceList({ r }: { r: ResourceDef }) {
  const { permissions } = usePermissions<Role>();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const filters = useFilters(r);
  return (
    <List
      filters={filters}
      aside={<ListAside r={r} />}
      sort={r.sort}
      perPage={25}
      actions={
        <TopToolbar>
          <FilterButton />
          {can(r.create, permissions) && <CreateButton />}
          {SERVER_EXPORT[r.name] ? (
            <ServerExportButton file={SERVER_EXPORT[r.name]} />
          ) : (
            <ExportButton maxResults={1000} />
          )}
        </TopToolbar>
      }
    >
      {phone ? (
        <MobileList r={r} />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={can(r.remove, permissions) ? undefined : false}>
          {r.fields
            .filter((f) => f.list && !f.writeOnly)
            .map((f) => (
              <FieldView
                key={f.source}
                def={f}
                source={f.source}
                label={`resources.${r.name}.fields.${f.source}`}
                // A server's finding is computed per record: there is no column to sort it by.
                sortable={f.type !== 'problem'}
              />
            ))}
        </Datagrid>
      )}
    </List>
  );
}

/** A record's fields; `children` adds what a resource shows besides them (a case's decision and review). */
export function ResourceShow({ r, children }: { r: ResourceDef; children?: ReactNode }) {
  const { permissions } = usePermissions<Role>();
  const staff = permissions === 'ADMIN' || permissions === 'MANAGER';
  return (
    <Show>
      {children}
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="lawcheck.ui.details">
          {r.fields
            .filter((f) => !f.writeOnly)
            .map((f) => (
              <FieldView
                key={f.source}
                def={f}
                source={f.source}
                label={`resources.${r.name}.fields.${f.source}`}
              />
            ))}
          <Children r={r} />
        </TabbedShowLayout.Tab>
        {staff && r.name !== 'AuditEntry' && (
          <TabbedShowLayout.Tab label="lawcheck.ui.history" path="history">
            <RecordHistory resource={r.name} />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}

/** The one-to-many records of this record (an item's conditions, an offence's versions), with a button to add one. */
function Children({ r }: { r: ResourceDef }) {
  const translate = useTranslate();
  const record = useRecordContext();
  const { permissions } = usePermissions<Role>();
  if (!record || !r.children?.length) return null;
  return (
    <>
      {r.children.map(({ resource, target }) => {
        const child = resourceDef(resource);
        return (
          <Box key={resource} sx={{ px: 2, pb: 2 }} data-testid={`children-${resource}`}>
            <Typography variant="h6">
              {translate(`resources.${resource}.name`, { smart_count: 2 })}
            </Typography>
            <ReferenceManyField reference={resource} target={target} sort={child.sort} perPage={100}>
              <Datagrid
                rowClick={can(child.edit, permissions) ? 'edit' : 'show'}
                bulkActionButtons={false}
                empty={<Typography variant="body2">{translate('ra.navigation.no_results')}</Typography>}
              >
                {child.fields
                  .filter((f) => f.list && !f.writeOnly && f.source !== target)
                  .map((f) => (
                    <FieldView
                      key={f.source}
                      def={f}
                      source={f.source}
                      label={`resources.${resource}.fields.${f.source}`}
                    />
                  ))}
              </Datagrid>
            </ReferenceManyField>
            {can(child.create, permissions) && (
              <CreateButton resource={resource} state={{ record: { [target]: record.id } }} />
            )}
          </Box>
        );
      })}
    </>
  );
}

function Form({ r, creating }: { r: ResourceDef; creating: boolean }) {
  return (
    <SimpleForm>
      {r.fields
        .filter((f) => !f.readOnly)
        .map((f) => (
          <FieldInput
            key={f.source}
            def={creating ? f : { ...f, required: f.required && f.source !== 'password' }}
          />
        ))}
    </SimpleForm>
  );
}

export const ResourceEdit = ({ r }: { r: ResourceDef }) => (
  <Edit mutationMode="pessimistic" transform={transform}>
    <Form r={r} creating={false} />
    <Children r={r} />
  </Edit>
);

export const ResourceCreate = ({ r }: { r: ResourceDef }) => (
  <Create redirect="show" transform={transform}>
    <Form r={r} creating />
  </Create>
);
