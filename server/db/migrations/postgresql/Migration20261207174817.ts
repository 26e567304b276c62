import { Migration } from '@mikro-orm/migrations';

export class Migration20261207174817 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "penalty_case" alter column "item_label" type varchar(300) using ("item_label"::varchar(300));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "penalty_case" alter column "item_label" type varchar(100) using ("item_label"::varchar(100));`);
  }

}
