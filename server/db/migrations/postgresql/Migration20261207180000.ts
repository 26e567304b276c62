import { Migration } from '@mikro-orm/migrations';

// Written by hand (data only): the item label of a decided case names its list by title and
// version (《title》（3.0版）第12项), as the decision cites it; "3.0版第12项" could be either
// series' 3.0. Labels are rebuilt from the item the case's own stored decision applied.
export class Migration20261207180000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "penalty_case" set "item_label" =
      case when position(("decision"->'item'->>'listVersion') || '版' in ("decision"->'item'->>'listTitle')) > 0
        then '《' || ("decision"->'item'->>'listTitle') || '》'
        else '《' || ("decision"->'item'->>'listTitle') || '》（' || ("decision"->'item'->>'listVersion') || '版）'
      end || '第' || ("decision"->'item'->>'number') || '项'
      where "item_label" is not null and "decision"->'item'->>'listTitle' is not null
        and "decision"->'item'->>'listVersion' is not null and "decision"->'item'->>'number' is not null;`);
  }
}
