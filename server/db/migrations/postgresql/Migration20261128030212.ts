import { Migration } from '@mikro-orm/migrations';

export class Migration20261128030212 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" serial primary key, "at" timestamptz not null, "user_id" int null, "username" varchar(50) null, "action" varchar(50) not null, "entity_type" varchar(50) not null, "entity_id" varchar(50) null, "changes" jsonb null);`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_user_id_index" on "audit_entry" ("user_id");`);
    this.addSql(`create index "audit_entry_entity_type_entity_id_index" on "audit_entry" ("entity_type", "entity_id");`);

    this.addSql(`create table "department" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "code" varchar(32) not null);`);
    this.addSql(`alter table "department" add constraint "department_name_unique" unique ("name");`);
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);

    this.addSql(`create table "district" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(100) not null, "code" varchar(12) not null);`);
    this.addSql(`alter table "district" add constraint "district_name_unique" unique ("name");`);
    this.addSql(`alter table "district" add constraint "district_code_unique" unique ("code");`);

    this.addSql(`create table "enterprise" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "credit_code" varchar(18) not null, "name" varchar(200) not null, "legal_representative" varchar(50) null, "district_id" int null, "industry" varchar(100) null, "scale" text check ("scale" in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')) null, "address" varchar(300) null, "registered_at" date null);`);
    this.addSql(`alter table "enterprise" add constraint "enterprise_credit_code_unique" unique ("credit_code");`);
    this.addSql(`create index "enterprise_name_index" on "enterprise" ("name");`);
    this.addSql(`create index "enterprise_district_id_index" on "enterprise" ("district_id");`);

    this.addSql(`create table "leniency_list" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" varchar(20) not null, "title" varchar(200) not null, "issuer" varchar(200) null, "effective_from" date not null, "effective_to" date null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "published_at" timestamptz null, "revision" int not null default 1);`);
    this.addSql(`alter table "leniency_list" add constraint "leniency_list_version_unique" unique ("version");`);
    this.addSql(`create index "leniency_list_status_index" on "leniency_list" ("status");`);

    this.addSql(`create table "offence" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(32) not null, "department_id" int not null, "title" varchar(300) not null, "violated_provision" text not null, "penalty_provision" text not null, "fine_min" bigint not null, "fine_max" bigint not null, "fine_unit" text check ("fine_unit" in ('YUAN', 'MULTIPLE_OF_ILLEGAL_GAIN')) not null default 'YUAN', "life_health_finance" boolean not null default false);`);
    this.addSql(`alter table "offence" add constraint "offence_code_unique" unique ("code");`);
    this.addSql(`create index "offence_department_id_index" on "offence" ("department_id");`);

    this.addSql(`create table "leniency_item" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "list_id" int not null, "number" int not null, "offence_id" int not null, "kind" text check ("kind" in ('NO_PENALTY', 'FIRST_OFFENCE_NO_PENALTY', 'LIGHTER', 'MITIGATED', 'NO_COERCIVE_MEASURE')) not null, "conditions" text not null, "lookback_months" int null, "max_harm" text check ("max_harm" in ('NONE', 'MINOR', 'GENERAL', 'SERIOUS')) not null default 'MINOR', "requires_correction" boolean not null default true, "measures" jsonb not null, "note" text null);`);
    this.addSql(`create index "leniency_item_offence_id_list_id_index" on "leniency_item" ("offence_id", "list_id");`);
    this.addSql(`alter table "leniency_item" add constraint "leniency_item_list_id_number_unique" unique ("list_id", "number");`);

    this.addSql(`create table "discretion_baseline" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "offence_id" int not null, "effective_from" date not null, "effective_to" date null, "tiers" jsonb not null, "source" varchar(300) null);`);
    this.addSql(`create index "discretion_baseline_offence_id_effective_from_index" on "discretion_baseline" ("offence_id", "effective_from");`);

    this.addSql(`create table "user" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "username" varchar(50) not null, "display_name" varchar(100) not null, "role" text check ("role" in ('ADMIN', 'MANAGER', 'OFFICER', 'LAWYER')) not null, "department_id" int null, "law_firm" varchar(200) null, "active" boolean not null default true, "password_hash" varchar(100) not null);`);
    this.addSql(`alter table "user" add constraint "user_username_unique" unique ("username");`);
    this.addSql(`create index "user_department_id_index" on "user" ("department_id");`);

    this.addSql(`create table "penalty_case" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "case_number" varchar(50) not null, "enterprise_id" int not null, "offence_id" int not null, "department_id" int not null, "district_id" int not null, "officer_id" int null, "offence_date" date not null, "offence_end_date" date null, "discovered_date" date null, "decision_date" date null, "harm" text check ("harm" in ('NONE', 'MINOR', 'GENERAL', 'SERIOUS')) not null default 'NONE', "corrected" boolean not null default false, "no_fault_evidence" boolean not null default false, "mitigating" jsonb not null, "aggravating" jsonb not null, "illegal_gain" bigint null, "outcome" text check ("outcome" in ('NONE', 'MITIGATED', 'LIGHTER', 'STANDARD', 'HEAVIER')) null, "item_id" int null, "fine" bigint null, "reference_fine" bigint null, "relief" bigint null, "override_reason" text null, "status" text check ("status" in ('OPEN', 'DECIDED', 'CLOSED')) not null default 'OPEN', "decision" jsonb null, "version" int not null default 1);`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_case_number_unique" unique ("case_number");`);
    this.addSql(`create index "penalty_case_offence_id_index" on "penalty_case" ("offence_id");`);
    this.addSql(`create index "penalty_case_officer_id_index" on "penalty_case" ("officer_id");`);
    this.addSql(`create index "penalty_case_decision_date_index" on "penalty_case" ("decision_date");`);
    this.addSql(`create index "penalty_case_item_id_index" on "penalty_case" ("item_id");`);
    this.addSql(`create index "penalty_case_district_id_decision_date_index" on "penalty_case" ("district_id", "decision_date");`);
    this.addSql(`create index "penalty_case_department_id_decision_date_index" on "penalty_case" ("department_id", "decision_date");`);
    this.addSql(`create index "penalty_case_status_decision_date_index" on "penalty_case" ("status", "decision_date");`);
    this.addSql(`create index "penalty_case_enterprise_id_offence_id_offence_date_index" on "penalty_case" ("enterprise_id", "offence_id", "offence_date");`);

    this.addSql(`create table "checkup_report" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "enterprise_id" int not null, "lawyer_id" int not null, "law_firm" varchar(200) null, "check_date" date not null, "scope" text null, "method" text null, "summary" text null, "risk_index" int not null default 0, "risk_level" text check ("risk_level" in ('MAJOR', 'SIGNIFICANT', 'GENERAL', 'LOW')) not null default 'LOW', "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED', 'DELIVERED')) not null default 'DRAFT', "reviewer_id" int null, "review_comment" text null, "submitted_at" timestamptz null, "reviewed_at" timestamptz null, "delivered_at" timestamptz null, "version" int not null default 1);`);
    this.addSql(`create index "checkup_report_enterprise_id_index" on "checkup_report" ("enterprise_id");`);
    this.addSql(`create index "checkup_report_lawyer_id_index" on "checkup_report" ("lawyer_id");`);
    this.addSql(`create index "checkup_report_status_index" on "checkup_report" ("status");`);

    this.addSql(`create table "report_finding" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "report_id" int not null, "category" text check ("category" in ('CORPORATE_GOVERNANCE', 'CONTRACTS', 'LABOUR', 'INTELLECTUAL_PROPERTY', 'TAX', 'ENVIRONMENT', 'WORK_SAFETY', 'DATA_COMPLIANCE', 'OTHER')) not null, "risk_level" text check ("risk_level" in ('MAJOR', 'SIGNIFICANT', 'GENERAL', 'LOW')) not null, "description" text not null, "legal_basis" text null, "recommendation" text null, "deadline" date null, "rectified" boolean not null default false, "rectified_at" date null, "rectification_note" text null, "offence_id" int null);`);
    this.addSql(`create index "report_finding_report_id_index" on "report_finding" ("report_id");`);

    this.addSql(`alter table "enterprise" add constraint "enterprise_district_id_foreign" foreign key ("district_id") references "district" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "offence" add constraint "offence_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`);

    this.addSql(`alter table "leniency_item" add constraint "leniency_item_list_id_foreign" foreign key ("list_id") references "leniency_list" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "leniency_item" add constraint "leniency_item_offence_id_foreign" foreign key ("offence_id") references "offence" ("id") on update cascade;`);

    this.addSql(`alter table "discretion_baseline" add constraint "discretion_baseline_offence_id_foreign" foreign key ("offence_id") references "offence" ("id") on update cascade;`);

    this.addSql(`alter table "user" add constraint "user_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "penalty_case" add constraint "penalty_case_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_offence_id_foreign" foreign key ("offence_id") references "offence" ("id") on update cascade;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_district_id_foreign" foreign key ("district_id") references "district" ("id") on update cascade;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_officer_id_foreign" foreign key ("officer_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_item_id_foreign" foreign key ("item_id") references "leniency_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "checkup_report" add constraint "checkup_report_enterprise_id_foreign" foreign key ("enterprise_id") references "enterprise" ("id") on update cascade;`);
    this.addSql(`alter table "checkup_report" add constraint "checkup_report_lawyer_id_foreign" foreign key ("lawyer_id") references "user" ("id") on update cascade;`);
    this.addSql(`alter table "checkup_report" add constraint "checkup_report_reviewer_id_foreign" foreign key ("reviewer_id") references "user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "report_finding" add constraint "report_finding_report_id_foreign" foreign key ("report_id") references "checkup_report" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "report_finding" add constraint "report_finding_offence_id_foreign" foreign key ("offence_id") references "offence" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "offence" drop constraint "offence_department_id_foreign";`);

    this.addSql(`alter table "user" drop constraint "user_department_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_department_id_foreign";`);

    this.addSql(`alter table "enterprise" drop constraint "enterprise_district_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_district_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_enterprise_id_foreign";`);

    this.addSql(`alter table "checkup_report" drop constraint "checkup_report_enterprise_id_foreign";`);

    this.addSql(`alter table "leniency_item" drop constraint "leniency_item_list_id_foreign";`);

    this.addSql(`alter table "leniency_item" drop constraint "leniency_item_offence_id_foreign";`);

    this.addSql(`alter table "discretion_baseline" drop constraint "discretion_baseline_offence_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_offence_id_foreign";`);

    this.addSql(`alter table "report_finding" drop constraint "report_finding_offence_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_item_id_foreign";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_officer_id_foreign";`);

    this.addSql(`alter table "checkup_report" drop constraint "checkup_report_lawyer_id_foreign";`);

    this.addSql(`alter table "checkup_report" drop constraint "checkup_report_reviewer_id_foreign";`);

    this.addSql(`alter table "report_finding" drop constraint "report_finding_report_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "district" cascade;`);

    this.addSql(`drop table if exists "enterprise" cascade;`);

    this.addSql(`drop table if exists "leniency_list" cascade;`);

    this.addSql(`drop table if exists "offence" cascade;`);

    this.addSql(`drop table if exists "leniency_item" cascade;`);

    this.addSql(`drop table if exists "discretion_baseline" cascade;`);

    this.addSql(`drop table if exists "user" cascade;`);

    this.addSql(`drop table if exists "penalty_case" cascade;`);

    this.addSql(`drop table if exists "checkup_report" cascade;`);

    this.addSql(`drop table if exists "report_finding" cascade;`);
  }

}
