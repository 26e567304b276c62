import { Migration } from '@mikro-orm/migrations';

export class Migration20261130142252 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`offence_version\` add column \`fine_discretionary\` integer not null default false;`);
  }

}
