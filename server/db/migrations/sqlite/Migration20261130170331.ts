import { Migration } from '@mikro-orm/migrations';

export class Migration20261130170331 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`document_template\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`kind\` text check (\`kind\` in ('NO_PENALTY_DECISION', 'PENALTY_DECISION', 'CORRECTION_ORDER', 'COMMITMENT_LETTER')) not null, \`department_id\` integer null, \`title\` text not null, \`body\` text not null, \`version\` integer not null default 1, constraint \`document_template_department_id_foreign\` foreign key(\`department_id\`) references \`department\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`document_template_department_id_index\` on \`document_template\` (\`department_id\`);`);
    this.addSql(`create index \`document_template_kind_department_id_index\` on \`document_template\` (\`kind\`, \`department_id\`);`);

    this.addSql(`create table \`follow_up_visit\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`penalty_case_id\` integer not null, \`correction_deadline\` date not null, \`due_date\` date not null, \`done_date\` date null, \`result\` text check (\`result\` in ('PENDING', 'CORRECTED', 'NOT_CORRECTED', 'UNREACHABLE')) not null default 'PENDING', \`officer_id\` integer null, \`notes\` text null, \`version\` integer not null default 1, constraint \`follow_up_visit_penalty_case_id_foreign\` foreign key(\`penalty_case_id\`) references \`penalty_case\`(\`id\`) on delete cascade on update cascade, constraint \`follow_up_visit_officer_id_foreign\` foreign key(\`officer_id\`) references \`user\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`follow_up_visit_penalty_case_id_index\` on \`follow_up_visit\` (\`penalty_case_id\`);`);
    this.addSql(`create unique index \`follow_up_visit_penalty_case_id_unique\` on \`follow_up_visit\` (\`penalty_case_id\`);`);
    this.addSql(`create index \`follow_up_visit_due_date_index\` on \`follow_up_visit\` (\`due_date\`);`);
    this.addSql(`create index \`follow_up_visit_result_index\` on \`follow_up_visit\` (\`result\`);`);
    this.addSql(`create index \`follow_up_visit_officer_id_index\` on \`follow_up_visit\` (\`officer_id\`);`);

    this.addSql(`alter table \`leniency_item\` add column \`requires_commitment\` integer not null default false;`);
    // Items recorded before the flag: those whose measures ask for a commitment letter 承诺书.
    this.addSql(`update \`leniency_item\` set \`requires_commitment\` = true where \`measures\` like '%承诺书%';`);

    this.addSql(`alter table \`penalty_case\` add column \`evidence\` text null;`);
    this.addSql(`create index \`penalty_case_decided_covering_index\` on \`penalty_case\` (\`status\`, \`decision_date\`, \`outcome\`, \`item_id\`, \`enterprise_id\`, \`offence_id\`, \`department_id\`, \`district_id\`);`);
    this.addSql(`create index \`penalty_case_next_offence_index\` on \`penalty_case\` (\`enterprise_id\`, \`offence_date\`, \`offence_id\`, \`status\`);`);
  }

}
