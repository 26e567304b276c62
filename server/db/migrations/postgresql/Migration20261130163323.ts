import { Migration } from '@mikro-orm/migrations';

export class Migration20261130163323 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "case_number_counter" ("id" serial primary key, "department_id" int not null, "year" int not null, "last" int not null);`);
    this.addSql(`alter table "case_number_counter" add constraint "case_number_counter_department_id_year_unique" unique ("department_id", "year");`);

    this.addSql(`alter table "user" drop constraint if exists "user_role_check";`);

    this.addSql(`alter table "penalty_case" drop constraint if exists "penalty_case_status_check";`);

    this.addSql(`alter table "department" add column "case_number_prefix" varchar(20) null;`);

    this.addSql(`alter table "user" add constraint "user_role_check" check("role" in ('ADMIN', 'MANAGER', 'OFFICER', 'LAWYER', 'REVIEWER'));`);

    this.addSql(`alter table "penalty_case" add column "review_triggers" jsonb not null default '[]', add column "item_label" varchar(100) null, add column "submitted_at" timestamptz null, add column "reviewer_id" int null, add column "reviewed_at" timestamptz null, add column "review_note" text null;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_reviewer_id_foreign" foreign key ("reviewer_id") references "user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "penalty_case" add constraint "penalty_case_status_check" check("status" in ('OPEN', 'IN_REVIEW', 'RETURNED', 'DECIDED', 'CLOSED'));`);
    // The item of every decision already recorded, as the decision names it (3.0版第12项).
    this.addSql(`update "penalty_case" set "item_label" = ("decision"->'item'->>'listVersion') || '版第' || ("decision"->'item'->>'number') || '项'
      where "decision" is not null and "decision"->'item'->>'number' is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_number_counter" cascade;`);

    this.addSql(`alter table "penalty_case" drop constraint if exists "penalty_case_status_check";`);

    this.addSql(`alter table "penalty_case" drop constraint "penalty_case_reviewer_id_foreign";`);

    this.addSql(`alter table "user" drop constraint if exists "user_role_check";`);

    this.addSql(`alter table "department" drop column "case_number_prefix";`);

    this.addSql(`alter table "penalty_case" drop column "review_triggers", drop column "item_label", drop column "submitted_at", drop column "reviewer_id", drop column "reviewed_at", drop column "review_note";`);

    this.addSql(`alter table "penalty_case" add constraint "penalty_case_status_check" check("status" in ('OPEN', 'DECIDED', 'CLOSED'));`);

    this.addSql(`alter table "user" add constraint "user_role_check" check("role" in ('ADMIN', 'MANAGER', 'OFFICER', 'LAWYER'));`);
  }

}
