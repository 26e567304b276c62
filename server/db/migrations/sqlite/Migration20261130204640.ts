import { Migration } from '@mikro-orm/migrations';

export class Migration20261130204640 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`offence_version\` add column \`serious_discretionary\` integer not null default false;`);
    // Versions recorded before: the serious band kept the main fine's word (what they decided
    // until now). The statutes differ (税收征管法 Art. 60 "可以处…；情节严重的，处…"): review them.
    this.addSql(`update \`offence_version\` set \`serious_discretionary\` = \`fine_discretionary\`;`);
  }

}
