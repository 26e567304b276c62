import { Migration } from '@mikro-orm/migrations';

export class Migration20261128030212 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`user_id\` integer null, \`username\` text null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` text null, \`changes\` json null);`);
    this.addSql(`create index \`audit_entry_at_index\` on \`audit_entry\` (\`at\`);`);
    this.addSql(`create index \`audit_entry_user_id_index\` on \`audit_entry\` (\`user_id\`);`);
    this.addSql(`create index \`audit_entry_entity_type_entity_id_index\` on \`audit_entry\` (\`entity_type\`, \`entity_id\`);`);

    this.addSql(`create table \`department\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`code\` text not null);`);
    this.addSql(`create unique index \`department_name_unique\` on \`department\` (\`name\`);`);
    this.addSql(`create unique index \`department_code_unique\` on \`department\` (\`code\`);`);

    this.addSql(`create table \`district\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`code\` text not null);`);
    this.addSql(`create unique index \`district_name_unique\` on \`district\` (\`name\`);`);
    this.addSql(`create unique index \`district_code_unique\` on \`district\` (\`code\`);`);

    this.addSql(`create table \`enterprise\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`credit_code\` text not null, \`name\` text not null, \`legal_representative\` text null, \`district_id\` integer null, \`industry\` text null, \`scale\` text check (\`scale\` in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')) null, \`address\` text null, \`registered_at\` date null, constraint \`enterprise_district_id_foreign\` foreign key(\`district_id\`) references \`district\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create unique index \`enterprise_credit_code_unique\` on \`enterprise\` (\`credit_code\`);`);
    this.addSql(`create index \`enterprise_name_index\` on \`enterprise\` (\`name\`);`);
    this.addSql(`create index \`enterprise_district_id_index\` on \`enterprise\` (\`district_id\`);`);

    this.addSql(`create table \`leniency_list\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` text not null, \`title\` text not null, \`issuer\` text null, \`effective_from\` date not null, \`effective_to\` date null, \`status\` text check (\`status\` in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', \`published_at\` datetime null, \`revision\` integer not null default 1);`);
    this.addSql(`create unique index \`leniency_list_version_unique\` on \`leniency_list\` (\`version\`);`);
    this.addSql(`create index \`leniency_list_status_index\` on \`leniency_list\` (\`status\`);`);

    this.addSql(`create table \`offence\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` text not null, \`department_id\` integer not null, \`title\` text not null, \`violated_provision\` text not null, \`penalty_provision\` text not null, \`fine_min\` bigint not null, \`fine_max\` bigint not null, \`fine_unit\` text check (\`fine_unit\` in ('YUAN', 'MULTIPLE_OF_ILLEGAL_GAIN')) not null default 'YUAN', \`life_health_finance\` integer not null default false, constraint \`offence_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on update cascade);`);
    this.addSql(`create unique index \`offence_code_unique\` on \`offence\` (\`code\`);`);
    this.addSql(`create index \`offence_department_id_index\` on \`offence\` (\`department_id\`);`);

    this.addSql(`create table \`leniency_item\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`list_id\` integer not null, \`number\` integer not null, \`offence_id\` integer not null, \`kind\` text check (\`kind\` in ('NO_PENALTY', 'FIRST_OFFENCE_NO_PENALTY', 'LIGHTER', 'MITIGATED', 'NO_COERCIVE_MEASURE')) not null, \`conditions\` text not null, \`lookback_months\` integer null, \`max_harm\` text check (\`max_harm\` in ('NONE', 'MINOR', 'GENERAL', 'SERIOUS')) not null default 'MINOR', \`requires_correction\` integer not null default true, \`measures\` json not null, \`note\` text null, constraint \`leniency_item_list_id_foreign\` foreign key(\`list_id\`) references \`leniency_list\`(\`id\`) on delete cascade on update cascade, constraint \`leniency_item_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`leniency_item_list_id_index\` on \`leniency_item\` (\`list_id\`);`);
    this.addSql(`create index \`leniency_item_offence_id_index\` on \`leniency_item\` (\`offence_id\`);`);
    this.addSql(`create index \`leniency_item_offence_id_list_id_index\` on \`leniency_item\` (\`offence_id\`, \`list_id\`);`);
    this.addSql(`create unique index \`leniency_item_list_id_number_unique\` on \`leniency_item\` (\`list_id\`, \`number\`);`);

    this.addSql(`create table \`discretion_baseline\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`offence_id\` integer not null, \`effective_from\` date not null, \`effective_to\` date null, \`tiers\` json not null, \`source\` text null, constraint \`discretion_baseline_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`discretion_baseline_offence_id_index\` on \`discretion_baseline\` (\`offence_id\`);`);
    this.addSql(`create index \`discretion_baseline_offence_id_effective_from_index\` on \`discretion_baseline\` (\`offence_id\`, \`effective_from\`);`);

    this.addSql(`create table \`user\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`username\` text not null, \`display_name\` text not null, \`role\` text check (\`role\` in ('ADMIN', 'MANAGER', 'OFFICER', 'LAWYER')) not null, \`department_id\` integer null, \`law_firm\` text null, \`active\` integer not null default true, \`password_hash\` text not null, constraint \`user_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create unique index \`user_username_unique\` on \`user\` (\`username\`);`);
    this.addSql(`create index \`user_department_id_index\` on \`user\` (\`department_id\`);`);

    this.addSql(`create table \`penalty_case\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`case_number\` text not null, \`enterprise_id\` integer not null, \`offence_id\` integer not null, \`department_id\` integer not null, \`district_id\` integer not null, \`officer_id\` integer null, \`offence_date\` date not null, \`offence_end_date\` date null, \`discovered_date\` date null, \`decision_date\` date null, \`harm\` text check (\`harm\` in ('NONE', 'MINOR', 'GENERAL', 'SERIOUS')) not null default 'NONE', \`corrected\` integer not null default false, \`no_fault_evidence\` integer not null default false, \`mitigating\` json not null, \`aggravating\` json not null, \`illegal_gain\` bigint null, \`outcome\` text check (\`outcome\` in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null, \`item_id\` integer null, \`fine\` bigint null, \`reference_fine\` bigint null, \`relief\` bigint null, \`override_reason\` text null, \`status\` text check (\`status\` in ('OPEN', 'DECIDED', 'CLOSED')) not null default 'OPEN', \`decision\` json null, \`version\` integer not null default 1, constraint \`penalty_case_enterprise_id_foreign\` foreign key(\`enterprise_id\`) references \`enterprise\`(\`id\`) on update cascade, constraint \`penalty_case_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on update cascade, constraint \`penalty_case_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on update cascade, constraint \`penalty_case_district_id_foreign\` foreign key(\`district_id\`) references \`district\`(\`id\`) on update cascade, constraint \`penalty_case_officer_id_foreign\` foreign key(\`officer_id\`) references \`user\`(\`id\`) on delete set null on update cascade, constraint \`penalty_case_item_id_foreign\` foreign key(\`item_id\`) references \`leniency_item\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create unique index \`penalty_case_case_number_unique\` on \`penalty_case\` (\`case_number\`);`);
    this.addSql(`create index \`penalty_case_enterprise_id_index\` on \`penalty_case\` (\`enterprise_id\`);`);
    this.addSql(`create index \`penalty_case_offence_id_index\` on \`penalty_case\` (\`offence_id\`);`);
    this.addSql(`create index \`penalty_case_department_id_index\` on \`penalty_case\` (\`department_id\`);`);
    this.addSql(`create index \`penalty_case_district_id_index\` on \`penalty_case\` (\`district_id\`);`);
    this.addSql(`create index \`penalty_case_officer_id_index\` on \`penalty_case\` (\`officer_id\`);`);
    this.addSql(`create index \`penalty_case_decision_date_index\` on \`penalty_case\` (\`decision_date\`);`);
    this.addSql(`create index \`penalty_case_item_id_index\` on \`penalty_case\` (\`item_id\`);`);
    this.addSql(`create index \`penalty_case_district_id_decision_date_index\` on \`penalty_case\` (\`district_id\`, \`decision_date\`);`);
    this.addSql(`create index \`penalty_case_department_id_decision_date_index\` on \`penalty_case\` (\`department_id\`, \`decision_date\`);`);
    this.addSql(`create index \`penalty_case_status_decision_date_index\` on \`penalty_case\` (\`status\`, \`decision_date\`);`);
    this.addSql(`create index \`penalty_case_enterprise_id_offence_id_offence_date_index\` on \`penalty_case\` (\`enterprise_id\`, \`offence_id\`, \`offence_date\`);`);

    this.addSql(`create table \`checkup_report\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`enterprise_id\` integer not null, \`lawyer_id\` integer not null, \`law_firm\` text null, \`check_date\` date not null, \`scope\` text null, \`method\` text null, \`summary\` text null, \`risk_index\` integer not null default 0, \`risk_level\` text check (\`risk_level\` in ('MAJOR', 'SIGNIFICANT', 'GENERAL', 'LOW')) not null default 'LOW', \`status\` text check (\`status\` in ('DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED', 'DELIVERED')) not null default 'DRAFT', \`reviewer_id\` integer null, \`review_comment\` text null, \`submitted_at\` datetime null, \`reviewed_at\` datetime null, \`delivered_at\` datetime null, \`version\` integer not null default 1, constraint \`checkup_report_enterprise_id_foreign\` foreign key(\`enterprise_id\`) references \`enterprise\`(\`id\`) on update cascade, constraint \`checkup_report_lawyer_id_foreign\` foreign key(\`lawyer_id\`) references \`user\`(\`id\`) on update cascade, constraint \`checkup_report_reviewer_id_foreign\` foreign key(\`reviewer_id\`) references \`user\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`checkup_report_enterprise_id_index\` on \`checkup_report\` (\`enterprise_id\`);`);
    this.addSql(`create index \`checkup_report_lawyer_id_index\` on \`checkup_report\` (\`lawyer_id\`);`);
    this.addSql(`create index \`checkup_report_status_index\` on \`checkup_report\` (\`status\`);`);
    this.addSql(`create index \`checkup_report_reviewer_id_index\` on \`checkup_report\` (\`reviewer_id\`);`);

    this.addSql(`create table \`report_finding\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`report_id\` integer not null, \`category\` text check (\`category\` in ('CORPORATE_GOVERNANCE', 'CONTRACTS', 'LABOUR', 'INTELLECTUAL_PROPERTY', 'TAX', 'ENVIRONMENT', 'WORK_SAFETY', 'DATA_COMPLIANCE', 'OTHER')) not null, \`risk_level\` text check (\`risk_level\` in ('MAJOR', 'SIGNIFICANT', 'GENERAL', 'LOW')) not null, \`description\` text not null, \`legal_basis\` text null, \`recommendation\` text null, \`deadline\` date null, \`rectified\` integer not null default false, \`rectified_at\` date null, \`rectification_note\` text null, \`offence_id\` integer null, constraint \`report_finding_report_id_foreign\` foreign key(\`report_id\`) references \`checkup_report\`(\`id\`) on delete cascade on update cascade, constraint \`report_finding_offence_id_foreign\` foreign key(\`offence_id\`) references \`offence\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`report_finding_report_id_index\` on \`report_finding\` (\`report_id\`);`);
    this.addSql(`create index \`report_finding_offence_id_index\` on \`report_finding\` (\`offence_id\`);`);
  }

}
