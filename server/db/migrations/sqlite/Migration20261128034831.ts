import { Migration } from '@mikro-orm/migrations';

export class Migration20261128034831 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`case_stat\` (\`id\` integer not null primary key autoincrement, \`month\` text not null, \`department_id\` integer not null, \`district_id\` integer not null, \`offence_id\` integer not null, \`kind\` text not null, \`outcome\` text not null, \`cases\` integer not null, \`lenient_cases\` integer not null, \`fines\` bigint not null, \`relief\` bigint not null);`);
    this.addSql(`create index \`case_stat_district_id_month_index\` on \`case_stat\` (\`district_id\`, \`month\`);`);
    this.addSql(`create index \`case_stat_department_id_month_index\` on \`case_stat\` (\`department_id\`, \`month\`);`);
    this.addSql(`create unique index \`case_stat_month_department_id_district_id_offence_id_kind_outcome_unique\` on \`case_stat\` (\`month\`, \`department_id\`, \`district_id\`, \`offence_id\`, \`kind\`, \`outcome\`);`);
    // Totals for the cases already recorded (server/db/case-stats.ts keeps them from now on).
    this.addSql(`insert into case_stat (month, department_id, district_id, offence_id, kind, outcome, cases, lenient_cases, fines, relief)
      select substr(c.decision_date, 1, 7), c.department_id, c.district_id, c.offence_id, coalesce(i.kind, ''), c.outcome, count(*),
        sum(case when i.kind is not null and c.outcome in ('NONE', 'MITIGATED', 'LIGHTER') then 1 else 0 end),
        sum(coalesce(c.fine, 0)), sum(coalesce(c.relief, 0))
      from penalty_case c left join leniency_item i on i.id = c.item_id
      where c.status in ('DECIDED', 'CLOSED') and c.decision_date is not null and c.outcome is not null
      group by 1, c.department_id, c.district_id, c.offence_id, 5, c.outcome;`);
  }

}
