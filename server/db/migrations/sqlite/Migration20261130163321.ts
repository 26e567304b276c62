import { Migration } from '@mikro-orm/migrations';
import { runSqliteRebuild } from '../../sqlite-rebuild';

/*
 * 法制审核 and case numbers (issue #12): the REVIEWER role, the IN_REVIEW and RETURNED statuses,
 * the review's columns, the department's case-number prefix and the case-number counters.
 * `user` and `penalty_case` are rebuilt (SQLite cannot change a check in place), with foreign
 * keys off and outside the migrator's transaction (db/sqlite-rebuild.ts).
 */
export class Migration20261130163321 extends Migration {
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
    this.addSql(`create table \`case_number_counter\` (\`id\` integer not null primary key autoincrement, \`department_id\` integer not null, \`year\` integer not null, \`last\` integer not null);`);
    this.addSql(`create unique index \`case_number_counter_department_id_year_unique\` on \`case_number_counter\` (\`department_id\`, \`year\`);`);
    this.addSql(`alter table \`department\` add column \`case_number_prefix\` text null;`);

    // user: the REVIEWER role (its check is rebuilt).
    this.addSql(`create table \`user__temp_alter\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`username\` text not null, \`display_name\` text not null, \`role\` text check (\`role\` in ('ADMIN', 'MANAGER', 'OFFICER', 'LAWYER', 'REVIEWER')) not null, \`department_id\` integer null, \`law_firm\` text null, \`active\` integer not null default true, \`password_hash\` text not null, \`token_version\` integer not null default 0, constraint \`user_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`insert into \`user__temp_alter\` select \`id\`, \`created_at\`, \`updated_at\`, \`username\`, \`display_name\`, \`role\`, \`department_id\`, \`law_firm\`, \`active\`, \`password_hash\`, \`token_version\` from \`user\`;`);
    this.addSql(`drop table \`user\`;`);
    this.addSql(`alter table \`user__temp_alter\` rename to \`user\`;`);
    this.addSql(`create unique index \`user_username_unique\` on \`user\` (\`username\`);`);
    this.addSql(`create index \`user_department_id_index\` on \`user\` (\`department_id\`);`);

    // penalty_case: the review statuses (its check is rebuilt) and the review's columns.
    this.addSql(`create table \`penalty_case__temp_alter\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`case_number\` text not null, \`enterprise_id\` integer not null, \`offence_id\` integer not null, \`department_id\` integer not null, \`district_id\` integer not null, \`officer_id\` integer null, \`offence_date\` date not null, \`offence_end_date\` date null, \`discovered_date\` date null, \`decision_date\` date null, \`harm\` text check (\`harm\` in ('NONE', 'MINOR', 'GENERAL', 'SERIOUS')) not null default 'NONE', \`corrected\` integer not null default false, \`no_fault_evidence\` integer not null default false, \`mitigating\` json not null, \`aggravating\` json not null, \`illegal_gain\` bigint null, \`outcome\` text check (\`outcome\` in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null, \`item_id\` integer null, \`fine\` bigint null, \`reference_fine\` bigint null, \`relief\` bigint null, \`override_reason\` text null, \`status\` text check (\`status\` in ('OPEN', 'IN_REVIEW', 'RETURNED', 'DECIDED', 'CLOSED')) not null default 'OPEN', \`decision\` json null, \`version\` integer not null default 1, \`confirmed_conditions\` json not null default '[]', \`basis_amount\` bigint null, \`serious_circumstances\` integer not null default false, \`refused_correction\` integer null, \`officer_choice\` text check (\`officer_choice\` in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null, \`choice_reason\` text null, \`review_triggers\` json not null default '[]', \`item_label\` text null, \`submitted_at\` datetime null, \`reviewer_id\` integer null, \`reviewed_at\` datetime null, \`review_note\` text null, constraint \`penalty_case_enterprise_id_foreign\` foreign key(\`enterprise_id\`) references \`enterprise\`(\`id\`) on update cascade, constraint \`penalty_case_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on update cascade, constraint \`penalty_case_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on update cascade, constraint \`penalty_case_district_id_foreign\` foreign key(\`district_id\`) references \`district\`(\`id\`) on update cascade, constraint \`penalty_case_officer_id_foreign\` foreign key(\`officer_id\`) references \`user\`(\`id\`) on delete set null on update cascade, constraint \`penalty_case_item_id_foreign\` foreign key(\`item_id\`) references \`leniency_item\`(\`id\`) on delete set null on update cascade, constraint \`penalty_case_reviewer_id_foreign\` foreign key(\`reviewer_id\`) references \`user\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`insert into \`penalty_case__temp_alter\` (id, created_at, updated_at, case_number, enterprise_id, offence_id, department_id, district_id, officer_id, offence_date, offence_end_date, discovered_date, decision_date, harm, corrected, no_fault_evidence, mitigating, aggravating, illegal_gain, outcome, item_id, fine, reference_fine, relief, override_reason, status, decision, version, confirmed_conditions, basis_amount, serious_circumstances, refused_correction, officer_choice, choice_reason) select id, created_at, updated_at, case_number, enterprise_id, offence_id, department_id, district_id, officer_id, offence_date, offence_end_date, discovered_date, decision_date, harm, corrected, no_fault_evidence, mitigating, aggravating, illegal_gain, outcome, item_id, fine, reference_fine, relief, override_reason, status, decision, version, confirmed_conditions, basis_amount, serious_circumstances, refused_correction, officer_choice, choice_reason from \`penalty_case\`;`);
    this.addSql(`drop table \`penalty_case\`;`);
    this.addSql(`alter table \`penalty_case__temp_alter\` rename to \`penalty_case\`;`);
    this.addSql(`CREATE UNIQUE INDEX \`penalty_case_case_number_unique\` on \`penalty_case\` (\`case_number\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_enterprise_id_index\` on \`penalty_case\` (\`enterprise_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_offence_id_index\` on \`penalty_case\` (\`offence_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_department_id_index\` on \`penalty_case\` (\`department_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_district_id_index\` on \`penalty_case\` (\`district_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_officer_id_index\` on \`penalty_case\` (\`officer_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_decision_date_index\` on \`penalty_case\` (\`decision_date\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_item_id_index\` on \`penalty_case\` (\`item_id\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_district_id_decision_date_index\` on \`penalty_case\` (\`district_id\`, \`decision_date\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_department_id_decision_date_index\` on \`penalty_case\` (\`department_id\`, \`decision_date\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_status_decision_date_index\` on \`penalty_case\` (\`status\`, \`decision_date\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_enterprise_id_offence_id_offence_date_index\` on \`penalty_case\` (\`enterprise_id\`, \`offence_id\`, \`offence_date\`);`);
    this.addSql(`CREATE INDEX \`penalty_case_reviewer_id_index\` on \`penalty_case\` (\`reviewer_id\`);`);
    // The item of every decision already recorded, as the decision names it (3.0版第12项).
    this.addSql(`update penalty_case set item_label = json_extract(decision, '$.item.listVersion') || '版第' || json_extract(decision, '$.item.number') || '项'
      where decision is not null and json_extract(decision, '$.item.number') is not null;`);
  }
}
