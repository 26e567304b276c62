import { Migration } from '@mikro-orm/migrations';

export class Migration20261130133724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`revoked_token\` (\`jti\` text not null, \`user_id\` integer not null, \`expires_at\` datetime not null, primary key (\`jti\`));`);
    this.addSql(`create index \`revoked_token_expires_at_index\` on \`revoked_token\` (\`expires_at\`);`);

    this.addSql(`alter table \`user\` add column \`token_version\` integer not null default 0;`);
  }

}
