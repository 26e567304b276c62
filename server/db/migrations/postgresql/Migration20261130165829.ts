import { Migration } from '@mikro-orm/migrations';
import { rebuildEnterpriseSets } from '../../enterprise-sets';

export class Migration20261130165829 extends Migration {

  override async up(): Promise<void> {
    // The table is created at once (not queued), so that the sets of the cases already recorded
    // can be filled in by the same migration.
    await this.execute(`create table "case_enterprise_set" ("id" serial primary key, "month" varchar(7) not null, "department_id" int not null, "district_id" int not null, "enterprises" text not null);`);
    await this.execute(`alter table "case_enterprise_set" add constraint "case_enterprise_set_month_department_id_district_id_unique" unique ("month", "department_id", "district_id");`);
    await rebuildEnterpriseSets(this.getEntityManager(), 'postgresql');
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_enterprise_set" cascade;`);
  }

}
