import type { ReactElement, ReactNode } from 'react';
import {
  ArrayField,
  ArrayInput,
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  ChipField,
  Create,
  FunctionField,
  DateInput,
  Datagrid,
  Edit,
  ExportButton,
  FilterButton,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  SelectArrayInput,
  SelectField,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  SimpleShowLayout,
  SingleFieldList,
  TextField,
  TextInput,
  TopToolbar,
  CreateButton,
  maxLength,
  required,
  usePermissions,
  useRecordContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import { Box, Typography } from '@mui/material';
import { ENUM_LABELS } from '../i18n/domain';
import { resourceDef } from '../resources';
import type { FieldDef, ResourceDef, Role } from './fields';
import { ServerExportButton } from './ServerExportButton';

/*
 * One mechanism for every resource's list, show, edit and create page: each page is drawn from
 * the resource's field definitions (resources.ts). A resource with special needs gets its own
 * page beside these (see desk/ and reports/).
 */

/** Choices of an enum, labelled in the current language. */
function useChoices(def: FieldDef) {
  const translate = useTranslate();
  if (!def.enum) return [];
  return Object.keys(ENUM_LABELS[def.enum]).map((id) => ({
    id,
    name: translate(`lawcheck.enum.${def.enum}.${id}`),
  }));
}

const money = { style: 'currency', currency: 'CNY' } as const;
const TIER: FieldDef = { source: 'level', type: 'enum', enum: 'Tier' };

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

/**
 * One field, drawn by its kind. `source` and `label` are read by the Datagrid around it for the
 * column header (react-admin takes them from the child's props), so they are passed as well.
 */
function FieldView({
  def,
}: {
  def: FieldDef;
  label?: string;
  source?: string;
  sortable?: boolean;
}): ReactElement {
  const choices = useChoices(def);
  const tierChoices = useChoices(TIER);
  switch (def.type) {
    case 'money':
      return <NumberField source={def.source} locales="zh-CN" options={money} />;
    case 'int':
    case 'number':
      return <NumberField source={def.source} />;
    case 'bool':
      return <BooleanField source={def.source} />;
    case 'enum':
      return <SelectField source={def.source} choices={choices} />;
    case 'datetime':
      // 2024-07-01 12:30, in the city's time
      return (
        <FunctionField
          source={def.source}
          render={(record: Record<string, string | null>) =>
            record[def.source]
              ? new Intl.DateTimeFormat('sv-SE', {
                  timeZone: 'Asia/Shanghai',
                  dateStyle: 'short',
                  timeStyle: 'short',
                }).format(new Date(record[def.source]!))
              : ''
          }
        />
      );
    case 'ref':
      return (
        <ReferenceField source={def.source} reference={def.ref!} link="show">
          <TextField source={resourceDef(def.ref!).representation} />
        </ReferenceField>
      );
    case 'tiers':
      return (
        <ArrayField source={def.source}>
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <SelectField source="level" choices={tierChoices} />
            <NumberField source="min" locales="zh-CN" options={money} />
            <NumberField source="max" locales="zh-CN" options={money} />
            <TextField source="conditions" />
          </Datagrid>
        </ArrayField>
      );
    case 'enumList':
    case 'strings':
      return (
        <ArrayField source={def.source}>
          <SingleFieldList linkType={false}>
            <ChipField source="" />
          </SingleFieldList>
        </ArrayField>
      );
    default:
      return <TextField source={def.source} />;
  }
}

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
}): ReactElement {
  const choices = useChoices(def);
  const tierChoices = useChoices(TIER);
  const validate = filter ? undefined : validators(def);
  switch (def.type) {
    case 'money':
      return <NumberInput source={def.source} validate={validate} step={0.01} />;
    case 'int':
      return <NumberInput source={def.source} validate={validate} step={1} />;
    case 'number':
      return <NumberInput source={def.source} validate={validate} step={0.01} />;
    case 'bool':
      return <BooleanInput source={def.source} />;
    case 'date':
      return <DateInput source={def.source} validate={validate} />;
    case 'enum':
      return <SelectInput source={def.source} choices={choices} validate={validate} />;
    case 'enumList':
      return <SelectArrayInput source={def.source} choices={choices} />;
    case 'tiers':
      return (
        <ArrayInput source={def.source} validate={validate}>
          <SimpleFormIterator inline>
            <SelectInput source="level" choices={tierChoices} validate={required()} helperText={false} />
            <NumberInput source="min" step={0.01} validate={required()} helperText={false} />
            <NumberInput source="max" step={0.01} validate={required()} helperText={false} />
            <TextInput source="conditions" validate={required()} helperText={false} />
          </SimpleFormIterator>
        </ArrayInput>
      );
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
          <AutocompleteInput optionText={resourceDef(def.ref!).representation} validate={validate} />
        </ReferenceInput>
      );
    case 'longtext':
      return <TextInput source={def.source} validate={validate} multiline fullWidth />;
    default:
      return (
        <TextInput
          source={def.source}
          validate={validate}
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

function filtersOf(r: ResourceDef): ReactElement[] {
  return [
    <TextInput key="q" source="q" alwaysOn />,
    ...r.fields
      .filter((f) => f.filter)
      .flatMap((f) =>
        f.type === 'date'
          ? [
              <DateInput key={`${f.source}_gte`} source={`${f.source}_gte`} />,
              <DateInput key={`${f.source}_lte`} source={`${f.source}_lte`} />,
            ]
          : [<FieldInput key={f.source} def={f} filter />],
      ),
  ];
}

export function ResourceList({ r }: { r: ResourceDef }) {
  const { permissions } = usePermissions<Role>();
  return (
    <List
      filters={filtersOf(r)}
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
      <Datagrid rowClick="show" bulkActionButtons={can(r.remove, permissions) ? undefined : false}>
        {r.fields
          .filter((f) => f.list && !f.writeOnly)
          .map((f) => (
            <FieldView
              key={f.source}
              def={f}
              source={f.source}
              label={`resources.${r.name}.fields.${f.source}`}
            />
          ))}
      </Datagrid>
    </List>
  );
}

/** A record's fields; `children` adds what a resource shows besides them (a case's decision and review). */
export function ResourceShow({ r, children }: { r: ResourceDef; children?: ReactNode }) {
  return (
    <Show>
      {children}
      <SimpleShowLayout>
        {r.fields
          .filter((f) => !f.writeOnly)
          .map((f) => (
            <FieldView key={f.source} def={f} />
          ))}
      </SimpleShowLayout>
      <Children r={r} />
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
                    <FieldView key={f.source} def={f} source={f.source} />
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
