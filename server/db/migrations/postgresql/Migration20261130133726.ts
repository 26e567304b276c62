import { Migration } from '@mikro-orm/migrations';

export class Migration20261130133726 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "revoked_token" ("jti" varchar(22) not null, "user_id" int not null, "expires_at" timestamptz not null, constraint "revoked_token_pkey" primary key ("jti"));`);
    this.addSql(`create index "revoked_token_expires_at_index" on "revoked_token" ("expires_at");`);

    this.addSql(`alter table "user" add column "token_version" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "revoked_token" cascade;`);

    this.addSql(`alter table "user" drop column "token_version";`);
  }

}
