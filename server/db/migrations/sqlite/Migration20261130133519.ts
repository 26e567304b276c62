import { Migration } from '@mikro-orm/migrations';
import { runSqliteRebuild } from '../../sqlite-rebuild';

/*
 * Offence versions, list series and item conditions (issue #10), with the data moved over:
 * every offence becomes version 1 of itself, every list joins one series, every item keeps
 * "all conditions" and a look-back in months (the column defaults).
 *
 * Two tables are rebuilt (SQLite cannot change a column's check, or add a required reference,
 * in place). Inside a transaction `pragma foreign_keys = off` does nothing, and dropping a table
 * with foreign keys on runs its implicit DELETE with the cascades: every item of every list
 * deleted, every finding's offence set null. So this migration runs outside the migrator's
 * transaction (server/db/orm.ts applies SQLite migrations one transaction each), on one
 * connection: foreign keys off, its own transaction, `pragma foreign_key_check` before commit
 * (db/sqlite-rebuild.ts).
 */
export class Migration20261130133519 extends Migration {
  override isTransactional(): boolean {
    return false;
  }

  override async up(): Promise<void> {
    this.statements();
    const statements = this.getQueries().map(String);
    this.reset();
    await runSqliteRebuild(this, statements);
  }

  private statements(): void {
    this.addSql(`create table \`leniency_list_series\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`issuer\` text null, \`field\` text null);`);
    this.addSql(`create unique index \`leniency_list_series_name_unique\` on \`leniency_list_series\` (\`name\`);`);
    this.addSql(`insert into leniency_list_series (created_at, updated_at, name, issuer, field)
        select cast(strftime('%s', 'now') as integer) * 1000, cast(strftime('%s', 'now') as integer) * 1000, '本市涉企免罚轻罚清单',
          (select issuer from leniency_list order by effective_from desc, id desc limit 1), null
        where exists (select 1 from leniency_list);`);

    // leniency_list: a required series, and its version label unique per series.
    this.addSql(`create table \`leniency_list__temp_alter\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`series_id\` integer not null, \`version\` text not null, \`title\` text not null, \`issuer\` text null, \`effective_from\` date not null, \`effective_to\` date null, \`status\` text check (\`status\` in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', \`published_at\` datetime null, \`revision\` integer not null default 1, constraint \`leniency_list_series_id_foreign\` foreign key(\`series_id\`) references \`leniency_list_series\`(\`id\`) on update cascade);`);
    this.addSql(`insert into leniency_list__temp_alter (id, created_at, updated_at, series_id, version, title, issuer, effective_from, effective_to, status, published_at, revision)
      select id, created_at, updated_at, (select min(id) from leniency_list_series), version, title, issuer, effective_from, effective_to, status, published_at, revision
      from leniency_list;`);
    this.addSql(`drop table leniency_list;`);
    this.addSql(`alter table leniency_list__temp_alter rename to leniency_list;`);
    this.addSql(`create index \`leniency_list_series_id_index\` on \`leniency_list\` (\`series_id\`);`);
    this.addSql(`create index \`leniency_list_status_index\` on \`leniency_list\` (\`status\`);`);
    this.addSql(`create unique index \`leniency_list_series_id_version_unique\` on \`leniency_list\` (\`series_id\`, \`version\`);`);

    // offence: the fine units of the new fine bases.
    this.addSql(`create table \`offence__temp_alter\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` text not null, \`department_id\` integer not null, \`title\` text not null, \`violated_provision\` text not null, \`penalty_provision\` text not null, \`fine_min\` bigint not null, \`fine_max\` bigint not null, \`fine_unit\` text check (\`fine_unit\` in ('YUAN', 'MULTIPLE_OF_ILLEGAL_GAIN', 'MULTIPLE_OF_GOODS_VALUE', 'MULTIPLE_OF_TAX_UNDERPAID', 'MULTIPLE_OF_OTHER_BASIS')) not null default 'YUAN', \`life_health_finance\` integer not null default false, constraint \`offence_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on update cascade);`);
    this.addSql(`insert into offence__temp_alter select id, created_at, updated_at, code, department_id, title, violated_provision, penalty_provision, fine_min, fine_max, fine_unit, life_health_finance from offence;`);
    this.addSql(`drop table offence;`);
    this.addSql(`alter table offence__temp_alter rename to offence;`);
    this.addSql(`create unique index \`offence_code_unique\` on \`offence\` (\`code\`);`);
    this.addSql(`create index \`offence_department_id_index\` on \`offence\` (\`department_id\`);`);

    this.addSql(`create table \`offence_version\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`offence_id\` integer not null, \`effective_from\` date not null, \`effective_to\` date null, \`citation\` text null, \`penalty_kinds\` json not null, \`fine_kind\` text check (\`fine_kind\` in ('FIXED', 'MULTIPLE')) not null default 'FIXED', \`fine_min\` bigint null, \`fine_max\` bigint null, \`fine_basis\` text check (\`fine_basis\` in ('ILLEGAL_GAIN', 'GOODS_VALUE', 'TAX_UNDERPAID', 'OTHER')) null, \`multiple_min\` integer null, \`multiple_max\` integer null, \`fallback_min\` bigint null, \`fallback_max\` bigint null, \`fallback_below\` bigint null, \`fine_when\` text check (\`fine_when\` in ('ALWAYS', 'ON_REFUSAL_TO_CORRECT')) not null default 'ALWAYS', \`serious_min\` bigint null, \`serious_max\` bigint null, \`serious_penalty_kinds\` json not null, \`limitation_years\` integer null, \`limitation_citation\` text null, \`no_fault_rule\` text check (\`no_fault_rule\` in ('NO_PENALTY', 'MAY_EXEMPT', 'NOT_EXEMPT')) not null default 'NO_PENALTY', \`no_fault_citation\` text null, \`no_fault_penalty_kinds\` json not null, constraint \`offence_version_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`offence_version_offence_id_index\` on \`offence_version\` (\`offence_id\`);`);
    this.addSql(`create index \`offence_version_offence_id_effective_from_index\` on \`offence_version\` (\`offence_id\`, \`effective_from\`);`);
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

    this.addSql(`create table \`leniency_item_condition\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`item_id\` integer not null, \`number\` integer not null, \`text\` text not null, constraint \`leniency_item_condition_item_id_foreign\` foreign key(\`item_id\`) references \`leniency_item\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`leniency_item_condition_item_id_index\` on \`leniency_item_condition\` (\`item_id\`);`);
    this.addSql(`create unique index \`leniency_item_condition_item_id_number_unique\` on \`leniency_item_condition\` (\`item_id\`, \`number\`);`);

    this.addSql(`alter table \`leniency_item\` add column \`condition_match\` text check (\`condition_match\` in ('ALL', 'ANY')) not null default 'ALL';`);
    this.addSql(`alter table \`leniency_item\` add column \`lookback_kind\` text check (\`lookback_kind\` in ('MONTHS', 'CALENDAR_YEAR', 'EVER')) not null default 'MONTHS';`);

    this.addSql(`alter table \`penalty_case\` add column \`confirmed_conditions\` json not null default '[]';`);
    this.addSql(`alter table \`penalty_case\` add column \`basis_amount\` bigint null;`);
    this.addSql(`alter table \`penalty_case\` add column \`serious_circumstances\` integer not null default false;`);
    this.addSql(`alter table \`penalty_case\` add column \`refused_correction\` integer null;`);
    this.addSql(`alter table \`penalty_case\` add column \`officer_choice\` text check (\`officer_choice\` in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null;`);
    this.addSql(`alter table \`penalty_case\` add column \`choice_reason\` text null;`);
  }

}
