import { Migration } from '@mikro-orm/migrations';

export class Migration20261130142255 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "offence_version" add column "fine_discretionary" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "offence_version" drop column "fine_discretionary";`);
  }

}
