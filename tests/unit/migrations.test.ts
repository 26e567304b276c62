import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/orm';
import { scratchDatabase } from '../../server/db/scratch';
import { dialects } from '../support/server';

// The checked-in migrations build exactly the schema the entities describe, on both dialects.
// (On SQLite this also proves server/db/sqlite-introspection.ts still reads schemas right.)
describe.each(await dialects())('migrations on %s', (dialect) => {
  it('leave no difference between the entities and the database', async () => {
    const scratch = await scratchDatabase(dialect, 'migrate');
    const orm = await openDatabase(scratch.target);
    try {
      const applied = await migrate(orm);
      expect(applied.length).toBeGreaterThan(0);
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
      expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});

// The statistics table arrived after cases had been recorded: its migration counts them in, on
// both dialects (on PostgreSQL the backfill once stood in down(), so an upgraded database
// reported no cases at all).
describe.each(await dialects())('the case-statistics migration on %s', (dialect) => {
  it('counts the decided cases already recorded and leaves out the open ones', async () => {
    const scratch = await scratchDatabase(dialect, 'migratestats');
    const orm = await openDatabase(scratch.target);
    try {
      await orm.getMigrator().up({ to: 'Migration20261128030212' });
      const db = orm.em.getConnection();
      const now = new Date();
      const run = (sql: string, params: unknown[]) => db.execute(sql, [now, now, ...params], 'run');
      await run('insert into department (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '市场监督管理局',
        'SCJG',
      ]);
      await run('insert into district (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '昆都仑区',
        '150203',
      ]);
      await run(
        `insert into offence (created_at, updated_at, code, department_id, title, violated_provision, penalty_provision, fine_min, fine_max, fine_unit, life_health_finance)
         values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
        ['A-1', '未按规定公示', '第一条', '《甲法》第十条', 500000, 5000000, 'YUAN', false],
      );
      await run('insert into enterprise (created_at, updated_at, credit_code, name) values (?, ?, ?, ?)', [
        '91150203MA0N000001',
        '甲公司',
      ]);
      const kase = `insert into penalty_case (created_at, updated_at, case_number, enterprise_id, offence_id, department_id, district_id, offence_date, decision_date, outcome, fine, mitigating, aggravating, status, version)
        values (?, ?, ?, 1, 1, 1, 1, ?, ?, ?, ?, '[]', '[]', ?, 1)`;
      await run(kase, ['包市监罚〔2025〕1号', '2025-03-01', '2025-03-20', 'STANDARD', 800000, 'DECIDED']);
      await run(kase, ['包市监罚〔2025〕2号', '2025-03-02', '2025-03-25', 'STANDARD', 600000, 'CLOSED']);
      await run(kase, ['包市监罚〔2025〕3号', '2025-03-03', null, null, null, 'OPEN']);

      await orm.getMigrator().up({ to: 'Migration20261128034831' });
      type Row = Record<string, unknown>;
      const select = (sql: string): Promise<Row[]> => db.execute<Row[]>(sql);
      const rows = await select('select month, outcome, cases, lenient_cases, fines, relief from case_stat');
      expect(
        rows.map((r) => ({
          ...r,
          cases: Number(r.cases),
          lenient_cases: Number(r.lenient_cases),
          fines: Number(r.fines),
          relief: Number(r.relief),
        })),
      ).toEqual([
        { month: '2025-03', outcome: 'STANDARD', cases: 2, lenient_cases: 0, fines: 1400000, relief: 0 },
      ]);
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});

// Issue #10: the data already recorded moves into the new model. A database at the schema before
// it, with a catalogue, lists, items, a case and a finding, is migrated; nothing is lost and the
// new rows say what the old ones said.
const BEFORE_ISSUE_10 = 'Migration20261128034831';

describe.each(await dialects())('the offence-version and list-series migration on %s', (dialect) => {
  it('makes every offence version 1 of itself and puts every list in one series', async () => {
    const scratch = await scratchDatabase(dialect, 'migrate10');
    const orm = await openDatabase(scratch.target);
    try {
      await orm.getMigrator().up({ to: BEFORE_ISSUE_10 });
      const db = orm.em.getConnection();
      const now = new Date();
      const run = (sql: string, params: unknown[]) => db.execute(sql, [now, now, ...params], 'run');
      await run('insert into department (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '市场监督管理局',
        'SCJG',
      ]);
      await run('insert into district (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '昆都仑区',
        '150203',
      ]);
      const offence = `insert into offence (created_at, updated_at, code, department_id, title, violated_provision, penalty_provision, fine_min, fine_max, fine_unit, life_health_finance)
        values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`;
      await run(offence, ['A-1', '未按规定公示', '第一条', '《甲法》第十条', 500000, 5000000, 'YUAN', false]);
      await run(offence, [
        'A-2',
        '违法经营',
        '第二条',
        '《乙法》第二十条',
        100,
        500,
        'MULTIPLE_OF_ILLEGAL_GAIN',
        true,
      ]);
      const list = `insert into leniency_list (created_at, updated_at, version, title, issuer, effective_from, effective_to, status, revision)
        values (?, ?, ?, ?, ?, ?, ?, ?, 1)`;
      await run(list, ['1.0', '清单1.0', '某市司法局', '2021-01-01', '2023-12-31', 'PUBLISHED']);
      await run(list, ['2.0', '清单2.0', '某市司法局会同各部门', '2024-01-01', null, 'PUBLISHED']);
      const item = `insert into leniency_item (created_at, updated_at, list_id, number, offence_id, kind, conditions, lookback_months, max_harm, requires_correction, measures)
        values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`;
      await run(item, [
        1,
        1,
        'FIRST_OFFENCE_NO_PENALTY',
        '首次发现，及时改正',
        12,
        'MINOR',
        true,
        '["责令改正"]',
      ]);
      await run(item, [2, 2, 'LIGHTER', '主动改正', null, 'GENERAL', true, '[]']);
      await run('insert into enterprise (created_at, updated_at, credit_code, name) values (?, ?, ?, ?)', [
        '91150203MA0N000001',
        '甲公司',
      ]);
      await run(
        `insert into penalty_case (created_at, updated_at, case_number, enterprise_id, offence_id, department_id, district_id, offence_date, mitigating, aggravating, item_id, status, version)
         values (?, ?, ?, 1, 1, 1, 1, ?, ?, ?, 1, ?, 1)`,
        ['包市监罚〔2024〕1号', '2024-03-01', '[]', '[]', 'OPEN'],
      );
      await run(
        `insert into "user" (created_at, updated_at, username, display_name, role, active, password_hash) values (?, ?, ?, ?, ?, ?, ?)`,
        ['lawyer', '律师', 'LAWYER', true, 'x'],
      );
      await run(
        'insert into checkup_report (created_at, updated_at, enterprise_id, lawyer_id, check_date, version) values (?, ?, 1, 1, ?, 1)',
        ['2024-05-01'],
      );
      await run(
        'insert into report_finding (created_at, updated_at, report_id, category, risk_level, description, offence_id) values (?, ?, 1, ?, ?, ?, 2)',
        ['OTHER', 'LOW', '发现'],
      );

      await orm.getMigrator().up();
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');

      type Row = Record<string, unknown>;
      const rows = (sql: string): Promise<Row[]> => db.execute<Row[]>(sql);
      const versions = await rows(
        `select offence_id, effective_from, effective_to, citation, fine_kind, fine_min, fine_max, fine_basis, multiple_min, multiple_max,
           fine_when, no_fault_rule, penalty_kinds from offence_version order by offence_id`,
      );
      expect(
        versions.map((v) => ({
          ...v,
          effective_from: String(
            v.effective_from instanceof Date ? v.effective_from.toISOString().slice(0, 10) : v.effective_from,
          ),
        })),
      ).toMatchObject([
        {
          offence_id: 1,
          effective_from: '1900-01-01',
          effective_to: null,
          citation: '《甲法》第十条',
          fine_kind: 'FIXED',
          fine_basis: null,
          multiple_min: null,
          multiple_max: null,
          fine_when: 'ALWAYS',
          no_fault_rule: 'NO_PENALTY',
        },
        {
          offence_id: 2,
          effective_from: '1900-01-01',
          effective_to: null,
          citation: '《乙法》第二十条',
          fine_kind: 'MULTIPLE',
          fine_min: null,
          fine_max: null,
          fine_basis: 'ILLEGAL_GAIN',
          multiple_min: 100,
          multiple_max: 500,
        },
      ]);
      expect(versions.map((v) => [Number(v.fine_min ?? -1), Number(v.fine_max ?? -1)])).toEqual([
        [500000, 5000000],
        [-1, -1],
      ]);
      expect(
        versions.map((v) =>
          typeof v.penalty_kinds === 'string' ? (JSON.parse(v.penalty_kinds) as unknown) : v.penalty_kinds,
        ),
      ).toEqual([[], []]);

      const series = await rows('select id, name, issuer, field from leniency_list_series');
      expect(series).toEqual([
        { id: 1, name: '本市涉企免罚轻罚清单', issuer: '某市司法局会同各部门', field: null },
      ]);
      expect(await rows('select id, version, series_id from leniency_list order by id')).toEqual([
        { id: 1, version: '1.0', series_id: 1 },
        { id: 2, version: '2.0', series_id: 1 },
      ]);
      // The rebuilt tables cascaded nothing: items, the case's item and the finding's offence stay.
      expect(
        await rows(
          'select id, list_id, offence_id, condition_match, lookback_kind, lookback_months from leniency_item order by id',
        ),
      ).toEqual([
        {
          id: 1,
          list_id: 1,
          offence_id: 1,
          condition_match: 'ALL',
          lookback_kind: 'MONTHS',
          lookback_months: 12,
        },
        {
          id: 2,
          list_id: 2,
          offence_id: 2,
          condition_match: 'ALL',
          lookback_kind: 'MONTHS',
          lookback_months: null,
        },
      ]);
      const [kase] = await rows(
        'select item_id, confirmed_conditions, serious_circumstances, officer_choice from penalty_case',
      );
      expect(kase.item_id).toBe(1);
      expect(
        typeof kase.confirmed_conditions === 'string'
          ? JSON.parse(kase.confirmed_conditions)
          : kase.confirmed_conditions,
      ).toEqual([]);
      expect(Boolean(kase.serious_circumstances)).toBe(false);
      expect(kase.officer_choice).toBeNull();
      expect(await rows('select offence_id from report_finding')).toEqual([{ offence_id: 2 }]);
      if (dialect === 'sqlite') expect(await rows('pragma foreign_key_check')).toEqual([]);

      // The new model is usable at once: a second series may reuse a version label.
      await run('insert into leniency_list_series (created_at, updated_at, name) values (?, ?, ?)', [
        '另一清单',
      ]);
      await run(
        list.replace("'?'", '?').replace('revision)', 'revision, series_id)').replace('1)', '1, 2)'),
        ['1.0', '另一清单1.0', '自治区', '2025-03-01', null, 'DRAFT'],
      );
      expect(await rows("select count(*) as n from leniency_list where version = '1.0'")).toEqual([
        { n: dialect === 'sqlite' ? 2 : '2' },
      ]);
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});

const BEFORE_ISSUE_12 = { sqlite: 'Migration20261130142252', postgresql: 'Migration20261130142255' } as const;

describe.each(await dialects())('the review and case-number migration on %s', (dialect) => {
  it('keeps every case and user (their references too), labels recorded items, and takes the new states', async () => {
    const scratch = await scratchDatabase(dialect, 'migrate12');
    const orm = await openDatabase(scratch.target);
    try {
      await orm.getMigrator().up({ to: BEFORE_ISSUE_12[dialect] });
      const db = orm.em.getConnection();
      const now = new Date();
      const run = (sql: string, params: unknown[]) => db.execute(sql, [now, now, ...params], 'run');
      await run('insert into department (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '市场监督管理局',
        'SCJG',
      ]);
      await run('insert into district (created_at, updated_at, name, code) values (?, ?, ?, ?)', [
        '昆都仑区',
        '150203',
      ]);
      await run(
        `insert into offence (created_at, updated_at, code, department_id, title, violated_provision, penalty_provision, fine_min, fine_max, fine_unit, life_health_finance)
         values (?, ?, 'A-1', 1, '未按规定公示', '第一条', '《甲法》第十条', 0, 500000, 'YUAN', ?)`,
        [false],
      );
      await run('insert into enterprise (created_at, updated_at, credit_code, name) values (?, ?, ?, ?)', [
        '91150203MA0N000001',
        '甲公司',
      ]);
      await run(
        `insert into "user" (created_at, updated_at, username, display_name, role, department_id, active, password_hash) values (?, ?, ?, ?, ?, 1, ?, ?)`,
        ['officer', '执法人员', 'OFFICER', true, 'x'],
      );
      const kase = `insert into penalty_case (created_at, updated_at, case_number, enterprise_id, offence_id, department_id, district_id, officer_id, offence_date, decision_date, mitigating, aggravating, outcome, status, decision, version)
         values (?, ?, ?, 1, 1, 1, 1, 1, ?, ?, '[]', '[]', ?, ?, ?, 1)`;
      await run(kase, [
        '包市监罚〔2025〕1号',
        '2025-03-01',
        '2025-03-10',
        'NONE',
        'DECIDED',
        JSON.stringify({
          outcome: 'NONE',
          item: {
            id: 7,
            number: 12,
            listVersion: '3.0',
            listTitle: '包头市涉企轻微违法行为免罚轻罚清单（3.0版）',
          },
        }),
      ]);
      await run(kase, [
        '包市监罚〔2025〕2号',
        '2025-04-01',
        '2025-04-10',
        'STANDARD',
        'CLOSED',
        '{"item":null}',
      ]);
      // Another series' 1.0, whose title does not carry its version.
      await run(kase, [
        '包市监罚〔2025〕3号',
        '2025-05-01',
        '2025-05-10',
        'NONE',
        'DECIDED',
        JSON.stringify({
          outcome: 'NONE',
          item: { id: 9, number: 5, listVersion: '1.0', listTitle: '内蒙古自治区市场监管领域不予处罚清单' },
        }),
      ]);

      await orm.getMigrator().up();
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
      type Row = Record<string, unknown>;
      const rows = (sql: string): Promise<Row[]> => db.execute<Row[]>(sql);
      const cases = await rows(
        'select case_number, officer_id, status, item_label, review_triggers from penalty_case order by id',
      );
      expect(
        cases.map((c) => ({
          ...c,
          officer_id: Number(c.officer_id),
          review_triggers:
            typeof c.review_triggers === 'string'
              ? (JSON.parse(c.review_triggers) as unknown)
              : c.review_triggers,
        })),
      ).toEqual([
        {
          case_number: '包市监罚〔2025〕1号',
          officer_id: 1,
          status: 'DECIDED',
          // Named by the list's title and version, as the decision cites it (not "3.0版第12项").
          item_label: '《包头市涉企轻微违法行为免罚轻罚清单（3.0版）》第12项',
          review_triggers: [],
        },
        {
          case_number: '包市监罚〔2025〕2号',
          officer_id: 1,
          status: 'CLOSED',
          item_label: null,
          review_triggers: [],
        },
        {
          case_number: '包市监罚〔2025〕3号',
          officer_id: 1,
          status: 'DECIDED',
          item_label: '《内蒙古自治区市场监管领域不予处罚清单》（1.0版）第5项',
          review_triggers: [],
        },
      ]);
      // The new role and states are accepted by the rebuilt checks.
      await run(
        `insert into "user" (created_at, updated_at, username, display_name, role, department_id, active, password_hash) values (?, ?, ?, ?, ?, 1, ?, ?)`,
        ['reviewer', '法制审核', 'REVIEWER', true, 'x'],
      );
      await db.execute("update penalty_case set status = 'IN_REVIEW', reviewer_id = 2 where id = 1");
      expect((await rows('select status, reviewer_id from penalty_case where id = 1'))[0]).toMatchObject({
        status: 'IN_REVIEW',
      });
    } finally {
      await orm.close(true);
      await scratch.drop();
    }
  });
});
