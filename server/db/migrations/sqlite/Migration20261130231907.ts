import { Migration } from '@mikro-orm/migrations';

export class Migration20261130231907 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`follow_up_visit_penalty_case_id_index\`;`);
  }

}
