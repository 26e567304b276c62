import { Migration } from '@mikro-orm/migrations';

export class Migration20261207170235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "department" add column "review_body" varchar(100) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "department" drop column "review_body";`);
  }

}
