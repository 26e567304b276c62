import { Migration } from '@mikro-orm/migrations';

/*
 * Offence versions, list series and item conditions (issue #10), with the data moved over:
 * every offence becomes version 1 of itself, every list joins one series, every item keeps
 * "all conditions" and a look-back in months (the column defaults).
 */
export class Migration20261130133519 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "leniency_list_series" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(200) not null, "issuer" varchar(200) null, "field" varchar(100) null);`);
    this.addSql(`alter table "leniency_list_series" add constraint "leniency_list_series_name_unique" unique ("name");`);

    this.addSql(`create table "leniency_item_condition" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "item_id" int not null, "number" int not null, "text" text not null);`);
    this.addSql(`alter table "leniency_item_condition" add constraint "leniency_item_condition_item_id_number_unique" unique ("item_id", "number");`);

    this.addSql(`create table "offence_version" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "offence_id" int not null, "effective_from" date not null, "effective_to" date null, "citation" text null, "penalty_kinds" jsonb not null, "fine_kind" text check ("fine_kind" in ('FIXED', 'MULTIPLE')) not null default 'FIXED', "fine_min" bigint null, "fine_max" bigint null, "fine_basis" text check ("fine_basis" in ('ILLEGAL_GAIN', 'GOODS_VALUE', 'TAX_UNDERPAID', 'OTHER')) null, "multiple_min" int null, "multiple_max" int null, "fallback_min" bigint null, "fallback_max" bigint null, "fallback_below" bigint null, "fine_when" text check ("fine_when" in ('ALWAYS', 'ON_REFUSAL_TO_CORRECT')) not null default 'ALWAYS', "serious_min" bigint null, "serious_max" bigint null, "serious_penalty_kinds" jsonb not null, "limitation_years" int null, "limitation_citation" text null, "no_fault_rule" text check ("no_fault_rule" in ('NO_PENALTY', 'MAY_EXEMPT', 'NOT_EXEMPT')) not null default 'NO_PENALTY', "no_fault_citation" text null, "no_fault_penalty_kinds" jsonb not null);`);
    this.addSql(`create index "offence_version_offence_id_effective_from_index" on "offence_version" ("offence_id", "effective_from");`);

    this.addSql(`alter table "leniency_item_condition" add constraint "leniency_item_condition_item_id_foreign" foreign key ("item_id") references "leniency_item" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "offence_version" add constraint "offence_version_offence_id_foreign" foreign key ("offence_id") references "offence" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "offence" drop constraint if exists "offence_fine_unit_check";`);

    this.addSql(`alter table "leniency_list" drop constraint "leniency_list_version_unique";`);

    // Every list already there joins one series (the city's joint list, under its latest issuer).
    this.addSql(`insert into leniency_list_series (created_at, updated_at, name, issuer, field)
      select now(), now(), '本市涉企免罚轻罚清单', (select issuer from leniency_list order by effective_from desc, id desc limit 1), null
      where exists (select 1 from leniency_list);`);
    this.addSql(`alter table "leniency_list" add column "series_id" int null;`);
    this.addSql(`update leniency_list set series_id = (select min(id) from leniency_list_series);`);
    this.addSql(`alter table "leniency_list" alter column "series_id" set not null;`);
    this.addSql(`alter table "leniency_list" add constraint "leniency_list_series_id_foreign" foreign key ("series_id") references "leniency_list_series" ("id") on update cascade;`);
    this.addSql(`create index "leniency_list_series_id_index" on "leniency_list" ("series_id");`);
    this.addSql(`alter table "leniency_list" add constraint "leniency_list_series_id_version_unique" unique ("series_id", "version");`);

    this.addSql(`alter table "offence" add constraint "offence_fine_unit_check" check("fine_unit" in ('YUAN', 'MULTIPLE_OF_ILLEGAL_GAIN', 'MULTIPLE_OF_GOODS_VALUE', 'MULTIPLE_OF_TAX_UNDERPAID', 'MULTIPLE_OF_OTHER_BASIS'));`);

    // Version 1 of every offence: the clause as the catalogue held it, in force since always.
    this.addSql(`insert into offence_version (created_at, updated_at, offence_id, effective_from, effective_to, citation, penalty_kinds,
        fine_kind, fine_min, fine_max, fine_basis, multiple_min, multiple_max, fine_when, serious_penalty_kinds, no_fault_rule, no_fault_penalty_kinds)
      select created_at, updated_at, id, '1900-01-01', null, penalty_provision, '[]',
        case when fine_unit = 'YUAN' then 'FIXED' else 'MULTIPLE' end,
        case when fine_unit = 'YUAN' then fine_min end,
        case when fine_unit = 'YUAN' then fine_max end,
        case fine_unit when 'MULTIPLE_OF_ILLEGAL_GAIN' then 'ILLEGAL_GAIN' when 'MULTIPLE_OF_GOODS_VALUE' then 'GOODS_VALUE'
          when 'MULTIPLE_OF_TAX_UNDERPAID' then 'TAX_UNDERPAID' when 'MULTIPLE_OF_OTHER_BASIS' then 'OTHER' end,
        case when fine_unit <> 'YUAN' then fine_min end,
        case when fine_unit <> 'YUAN' then fine_max end,
        'ALWAYS', '[]', 'NO_PENALTY', '[]'
      from offence order by id;`);

    this.addSql(`alter table "leniency_item" add column "condition_match" text check ("condition_match" in ('ALL', 'ANY')) not null default 'ALL', add column "lookback_kind" text check ("lookback_kind" in ('MONTHS', 'CALENDAR_YEAR', 'EVER')) not null default 'MONTHS';`);

    this.addSql(`alter table "penalty_case" add column "confirmed_conditions" jsonb not null default '[]', add column "basis_amount" bigint null, add column "serious_circumstances" boolean not null default false, add column "refused_correction" boolean null, add column "officer_choice" text check ("officer_choice" in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null, add column "choice_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "leniency_list" drop constraint "leniency_list_series_id_foreign";`);

    this.addSql(`drop table if exists "leniency_list_series" cascade;`);

    this.addSql(`drop table if exists "leniency_item_condition" cascade;`);

    this.addSql(`drop table if exists "offence_version" cascade;`);

    this.addSql(`alter table "offence" drop constraint if exists "offence_fine_unit_check";`);

    this.addSql(`alter table "leniency_item" drop column "condition_match", drop column "lookback_kind";`);

    this.addSql(`drop index "leniency_list_series_id_index";`);
    this.addSql(`alter table "leniency_list" drop constraint "leniency_list_series_id_version_unique";`);
    this.addSql(`alter table "leniency_list" drop column "series_id";`);

    this.addSql(`alter table "leniency_list" add constraint "leniency_list_version_unique" unique ("version");`);

    this.addSql(`alter table "offence" add constraint "offence_fine_unit_check" check("fine_unit" in ('YUAN', 'MULTIPLE_OF_ILLEGAL_GAIN'));`);

    this.addSql(`alter table "penalty_case" drop column "confirmed_conditions", drop column "basis_amount", drop column "serious_circumstances", drop column "refused_correction", drop column "officer_choice", drop column "choice_reason";`);
  }

}
