import { Migration } from '@mikro-orm/migrations';

export class Migration20261128034831 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "case_stat" ("id" serial primary key, "month" varchar(7) not null, "department_id" int not null, "district_id" int not null, "offence_id" int not null, "kind" varchar(32) not null, "outcome" varchar(16) not null, "cases" int not null, "lenient_cases" int not null, "fines" bigint not null, "relief" bigint not null);`);
    this.addSql(`create index "case_stat_district_id_month_index" on "case_stat" ("district_id", "month");`);
    this.addSql(`create index "case_stat_department_id_month_index" on "case_stat" ("department_id", "month");`);
    this.addSql(`alter table "case_stat" add constraint "case_stat_month_department_id_district_id_offence_f0c1b_unique" unique ("month", "department_id", "district_id", "offence_id", "kind", "outcome");`);
    // Totals for the cases already recorded (server/db/case-stats.ts keeps them from now on).
    this.addSql(`insert into case_stat (month, department_id, district_id, offence_id, kind, outcome, cases, lenient_cases, fines, relief)
      select to_char(c.decision_date, 'YYYY-MM'), c.department_id, c.district_id, c.offence_id, coalesce(i.kind, ''), c.outcome, count(*),
        sum(case when i.kind is not null and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER') then 1 else 0 end),
        sum(coalesce(c.fine, 0)), sum(coalesce(c.relief, 0))
      from penalty_case c left join leniency_item i on i.id = c.item_id
      where c.status in ('DECIDED', 'CLOSED') and c.decision_date is not null and c.outcome is not null
      group by 1, c.department_id, c.district_id, c.offence_id, 5, c.outcome;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_stat" cascade;`);
  }

}
