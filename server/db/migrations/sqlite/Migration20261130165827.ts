import { Migration } from '@mikro-orm/migrations';
import { rebuildEnterpriseSets } from '../../enterprise-sets';

export class Migration20261130165827 extends Migration {

  override async up(): Promise<void> {
    // The table is created at once (not queued), so that the sets of the cases already recorded
    // can be filled in by the same migration.
    await this.execute(`create table \`case_enterprise_set\` (\`id\` integer not null primary key autoincrement, \`month\` text not null, \`department_id\` integer not null, \`district_id\` integer not null, \`enterprises\` text not null);`);
    await this.execute(`create unique index \`case_enterprise_set_month_department_id_district_id_unique\` on \`case_enterprise_set\` (\`month\`, \`department_id\`, \`district_id\`);`);
    await rebuildEnterpriseSets(this.getEntityManager(), 'sqlite');
  }

}
