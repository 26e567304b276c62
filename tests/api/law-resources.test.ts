import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dialects,
  errorCode,
  startTestServer,
  type GraphQLResponse,
  type TestServer,
} from '../support/server';

// Offence versions, list series and item conditions through the CRUD grammar (issue #10), and
// publishing within a series, on both dialects.
describe.each(await dialects())('offence versions, series and conditions on %s', (dialect) => {
  let t: TestServer;
  let manager: string;
  let officer: string;
  let departmentId: string;

  const must = async <T>(query: string, variables: Record<string, unknown> = {}, token = manager) => {
    const res = await t.gql<T>(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const field = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.field;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 0 });
    manager = await t.login('manager');
    officer = await t.login('officer');
    departmentId = (await must<{ allDepartments: { id: string }[] }>('{ allDepartments { id } }'))
      .allDepartments[0].id;
  });
  afterAll(async () => t?.stop());

  const createOffence = async (code: string, min: number, max: number, unit: string) =>
    (
      await must<{ createOffence: { id: string } }>(
        `mutation($c: String!, $d: ID!, $min: Float!, $max: Float!, $u: FineUnit!) {
          createOffence(code: $c, departmentId: $d, title: "测试违法行为", violatedProvision: "《测试法》第一条",
            penaltyProvision: "《测试法》第二条", fineMin: $min, fineMax: $max, fineUnit: $u, lifeHealthFinance: false) { id } }`,
        { c: code, d: departmentId, min, max, u: unit },
      )
    ).createOffence.id;
  const versionsOf = async (offenceId: string) =>
    (
      await must<{ allOffenceVersions: Record<string, unknown>[] }>(
        `query($o: ID!) { allOffenceVersions(filter: { offenceId: $o }, sortField: "effectiveFrom", sortOrder: "ASC") {
          id offenceId effectiveFrom effectiveTo citation fineKind fineMin fineMax fineBasis multipleMin multipleMax
          fallbackMin fallbackMax fallbackBelow fineWhen penaltyKinds noFaultRule offence { code } } }`,
        { o: offenceId },
        officer,
      )
    ).allOffenceVersions;

  it('createOffence makes version 1 of the offence from its own arguments', async () => {
    const fixed = await createOffence('T-FIX', 10000, 100000, 'YUAN');
    expect(await versionsOf(fixed)).toEqual([
      expect.objectContaining({
        offenceId: fixed,
        effectiveFrom: '1900-01-01',
        effectiveTo: null,
        citation: '《测试法》第二条',
        fineKind: 'FIXED',
        fineMin: 10000,
        fineMax: 100000,
        fineBasis: null,
        multipleMin: null,
        fineWhen: 'ALWAYS',
        penaltyKinds: [],
        noFaultRule: 'NO_PENALTY',
        offence: { code: 'T-FIX' },
      }),
    ]);
    const gain = await createOffence('T-GAIN', 1, 5, 'MULTIPLE_OF_ILLEGAL_GAIN');
    expect(await versionsOf(gain)).toEqual([
      expect.objectContaining({
        fineKind: 'MULTIPLE',
        fineMin: null,
        fineBasis: 'ILLEGAL_GAIN',
        multipleMin: 1,
        multipleMax: 5,
      }),
    ]);
  });

  it('refuses a version whose fine is not stated as its kind requires, naming the field', async () => {
    const offenceId = await createOffence('T-BAD', 0, 5000, 'YUAN');
    const create = (args: string) =>
      t.gql(
        `mutation($o: ID!) { createOffenceVersion(offenceId: $o, ${args}) { id } }`,
        { o: offenceId },
        manager,
      );
    const cases: [string, string][] = [
      ['effectiveFrom: "2030-01-01", fineKind: FIXED, fineMin: 9000, fineMax: 5000', 'fineMin'],
      ['effectiveFrom: "2030-01-01", fineKind: FIXED, fineMin: 100', 'fineMax'],
      ['effectiveFrom: "2030-01-01", fineKind: FIXED, fineMin: 1, fineMax: 2, multipleMin: 1', 'multipleMin'],
      ['effectiveFrom: "2030-01-01", fineKind: MULTIPLE, multipleMin: 1, multipleMax: 5', 'fineBasis'],
      [
        'effectiveFrom: "2030-01-01", fineKind: MULTIPLE, fineBasis: GOODS_VALUE, multipleMin: 5, multipleMax: 1',
        'multipleMin',
      ],
      [
        'effectiveFrom: "2030-01-01", fineKind: MULTIPLE, fineBasis: GOODS_VALUE, multipleMin: 1, multipleMax: 5, fallbackMin: 50000',
        'fallbackMax',
      ],
      [
        'effectiveFrom: "2030-01-01", fineKind: MULTIPLE, fineBasis: GOODS_VALUE, multipleMin: 1, multipleMax: 5, fallbackBelow: 10000',
        'fallbackBelow',
      ],
      ['effectiveFrom: "2030-01-01", effectiveTo: "2029-12-31", fineMin: 1, fineMax: 2', 'effectiveTo'],
      ['effectiveFrom: "2030-01-01", fineMin: 1, fineMax: 2, limitationYears: 5', 'limitationCitation'],
      ['effectiveFrom: "2030-01-01", fineMin: 1, fineMax: 2, noFaultRule: MAY_EXEMPT', 'noFaultCitation'],
      // Version 1 is open-ended from 1900: a second version overlaps until the first is ended.
      ['effectiveFrom: "2030-01-01", fineMin: 1, fineMax: 2', 'effectiveFrom'],
    ];
    for (const [args, name] of cases) {
      const res = await create(args);
      expect([args, errorCode(res), field(res)]).toEqual([args, 'BAD_USER_INPUT', name]);
      expect(res.errors![0].message).toMatch(/[\u4e00-\u9fa5].* \/ .*[a-z]/);
    }
    const overlap = await create('effectiveFrom: "2030-01-01", fineMin: 1, fineMax: 2');
    expect(overlap.errors![0].message).toContain('施行期间重叠');
    expect(await versionsOf(offenceId)).toHaveLength(1);
  });

  it('keeps versions apart in time, and the offence showing the version in force today', async () => {
    const offenceId = await createOffence('T-AMEND', 5000, 50000, 'YUAN');
    const [v1] = await versionsOf(offenceId);
    await must('mutation($id: ID!) { updateOffenceVersion(id: $id, effectiveTo: "2020-12-31") { id } }', {
      id: v1.id,
    });
    // The amended clause: 货值金额 multiples with a fallback where the value is small (食品安全法 Art. 124 style).
    const created = await must<{ createOffenceVersion: Record<string, unknown> }>(
      `mutation($o: ID!) { createOffenceVersion(offenceId: $o, effectiveFrom: "2021-01-01", citation: "修订后第二条",
        fineKind: MULTIPLE, fineBasis: GOODS_VALUE, multipleMin: 10, multipleMax: 20, fallbackMin: 50000, fallbackMax: 100000,
        fallbackBelow: 10000, fineWhen: ON_REFUSAL_TO_CORRECT, seriousMin: 15, seriousMax: 30.5,
        penaltyKinds: [CONFISCATE_ILLEGAL_GAIN, CONFISCATE_ILLEGAL_PROPERTY], seriousPenaltyKinds: [REVOKE_LICENCE],
        limitationYears: 5, limitationCitation: "某法第八十六条", noFaultRule: MAY_EXEMPT, noFaultCitation: "某法第一百三十六条",
        noFaultPenaltyKinds: [CONFISCATE_ILLEGAL_PROPERTY]) {
          multipleMin multipleMax fallbackMin fallbackMax fallbackBelow seriousMin seriousMax penaltyKinds seriousPenaltyKinds
          limitationYears noFaultRule noFaultPenaltyKinds fineWhen } }`,
      { o: offenceId },
    );
    expect(created.createOffenceVersion).toEqual({
      multipleMin: 10,
      multipleMax: 20,
      fallbackMin: 50000,
      fallbackMax: 100000,
      fallbackBelow: 10000,
      seriousMin: 15,
      seriousMax: 30.5,
      penaltyKinds: ['CONFISCATE_ILLEGAL_GAIN', 'CONFISCATE_ILLEGAL_PROPERTY'],
      seriousPenaltyKinds: ['REVOKE_LICENCE'],
      limitationYears: 5,
      noFaultRule: 'MAY_EXEMPT',
      noFaultPenaltyKinds: ['CONFISCATE_ILLEGAL_PROPERTY'],
      fineWhen: 'ON_REFUSAL_TO_CORRECT',
    });
    const offence = await must<{ Offence: { fineMin: number; fineMax: number; fineUnit: string } }>(
      'query($id: ID!) { Offence(id: $id) { fineMin fineMax fineUnit } }',
      { id: offenceId },
    );
    expect(offence.Offence).toEqual({ fineMin: 10, fineMax: 20, fineUnit: 'MULTIPLE_OF_GOODS_VALUE' });
    // Moving the first version's end into the second's period is refused.
    const back = await t.gql(
      'mutation($id: ID!) { updateOffenceVersion(id: $id, effectiveTo: "2021-06-30") { id } }',
      { id: v1.id },
      manager,
    );
    expect([errorCode(back), field(back)]).toEqual(['BAD_USER_INPUT', 'effectiveFrom']);
    // Officers read versions, only managers write them.
    const denied = await t.gql(
      'mutation($o: ID!) { createOffenceVersion(offenceId: $o, effectiveFrom: "2040-01-01") { id } }',
      { o: offenceId },
      officer,
    );
    expect(errorCode(denied)).toBe('FORBIDDEN');
  });

  it('an offence edited the old way writes its fine to the version in force today', async () => {
    const offenceId = await createOffence('T-EDIT', 100, 1000, 'YUAN');
    await must('mutation($id: ID!) { updateOffence(id: $id, fineMin: 200, fineMax: 2000) { id } }', {
      id: offenceId,
    });
    expect(await versionsOf(offenceId)).toEqual([expect.objectContaining({ fineMin: 200, fineMax: 2000 })]);
  });

  it('lists belong to series; a version label is unique within its series only', async () => {
    const existing = await must<{
      allLeniencyListSeries: { id: string; lists: { id: string }[]; listCount: number }[];
    }>('{ allLeniencyListSeries { id listCount lists { id } } }', {}, officer);
    expect(existing.allLeniencyListSeries.length).toBeGreaterThan(0);
    const seriesId = (
      await must<{ createLeniencyListSeries: { id: string } }>(
        'mutation { createLeniencyListSeries(name: "测试部门补充清单", issuer: "测试局", field: "测试") { id } }',
      )
    ).createLeniencyListSeries.id;
    const list = await must<{
      createLeniencyList: { id: string; seriesId: string; series: { name: string } };
    }>(
      `mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "1.0", title: "测试补充清单1.0", effectiveFrom: "2024-01-01") {
        id seriesId series { name } } }`,
      { s: seriesId },
    );
    expect(list.createLeniencyList).toMatchObject({ seriesId, series: { name: '测试部门补充清单' } });
    const duplicate = await t.gql(
      `mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "1.0", title: "重复", effectiveFrom: "2025-01-01") { id } }`,
      { s: seriesId },
      manager,
    );
    expect(errorCode(duplicate)).toBe('CONFLICT');
    const unplaced = await t.gql(
      'mutation { createLeniencyList(version: "9.9", title: "无系列", effectiveFrom: "2025-01-01") { id } }',
      {},
      manager,
    );
    expect([errorCode(unplaced), field(unplaced)]).toEqual(['BAD_USER_INPUT', 'seriesId']);
  });

  it('items carry their conditions one by one, editable only while the list is a draft', async () => {
    const offenceId = await createOffence('T-ITEM', 0, 5000, 'YUAN');
    const seriesId = (
      await must<{ createLeniencyListSeries: { id: string } }>(
        'mutation { createLeniencyListSeries(name: "测试条件清单", issuer: "测试局") { id } }',
      )
    ).createLeniencyListSeries.id;
    const listId = (
      await must<{ createLeniencyList: { id: string } }>(
        `mutation($s: ID!) { createLeniencyList(seriesId: $s, version: "1.0", title: "条件", effectiveFrom: "2024-01-01") { id } }`,
        { s: seriesId },
      )
    ).createLeniencyList.id;
    const item = (args: string) =>
      t.gql<{ createLeniencyItem: { id: string; conditionMatch: string; lookbackKind: string } }>(
        `mutation($l: ID!, $o: ID!) { createLeniencyItem(listId: $l, offenceId: $o, conditions: "首次被发现，且能当场改正",
          requiresCorrection: true, ${args}) { id conditionMatch lookbackKind } }`,
        { l: listId, o: offenceId },
        manager,
      );
    // Art. 33: a NO_PENALTY item may not allow harm; a first-offence item no more than minor harm.
    const tooMuch = await item('number: 1, kind: NO_PENALTY, maxHarm: MINOR');
    expect([errorCode(tooMuch), field(tooMuch)]).toEqual(['BAD_USER_INPUT', 'maxHarm']);
    const general = await item(
      'number: 1, kind: FIRST_OFFENCE_NO_PENALTY, maxHarm: GENERAL, lookbackKind: EVER',
    );
    expect([errorCode(general), field(general)]).toEqual(['BAD_USER_INPUT', 'maxHarm']);
    const months = await item('number: 1, kind: FIRST_OFFENCE_NO_PENALTY, maxHarm: MINOR');
    expect([errorCode(months), field(months)]).toEqual(['BAD_USER_INPUT', 'lookbackMonths']);
    const ok = await item(
      'number: 1, kind: FIRST_OFFENCE_NO_PENALTY, maxHarm: MINOR, lookbackKind: EVER, conditionMatch: ANY',
    );
    expect(ok.errors).toBeUndefined();
    const itemId = ok.data!.createLeniencyItem.id;
    expect(ok.data!.createLeniencyItem).toMatchObject({ conditionMatch: 'ANY', lookbackKind: 'EVER' });
    // The merged record is checked on update: making it NO_PENALTY while it allows minor harm is refused.
    const merged = await t.gql(
      'mutation($id: ID!) { updateLeniencyItem(id: $id, kind: NO_PENALTY) { id } }',
      { id: itemId },
      manager,
    );
    expect([errorCode(merged), field(merged)]).toEqual(['BAD_USER_INPUT', 'maxHarm']);

    for (const [n, text] of ['首次被发现', '能当场按规定悬挂'].entries())
      await must(
        'mutation($i: ID!, $n: Int!, $t: String!) { createLeniencyItemCondition(itemId: $i, number: $n, text: $t) { id } }',
        {
          i: itemId,
          n: n + 1,
          t: text,
        },
      );
    const read = await must<{
      allLeniencyItemConditions: { number: number; text: string; itemId: string }[];
      LeniencyItem: { conditionList: { text: string }[] };
    }>(
      `query($i: ID!) { allLeniencyItemConditions(filter: { itemId: $i }) { number text itemId }
        LeniencyItem(id: $i) { conditionList { text } } }`,
      { i: itemId },
      officer,
    );
    expect(read.allLeniencyItemConditions.map((c) => [c.number, c.text])).toEqual([
      [1, '首次被发现'],
      [2, '能当场按规定悬挂'],
    ]);
    expect(read.LeniencyItem.conditionList.map((c) => c.text)).toEqual(['首次被发现', '能当场按规定悬挂']);
    const twice = await t.gql(
      'mutation($i: ID!) { createLeniencyItemCondition(itemId: $i, number: 1, text: "重复") { id } }',
      { i: itemId },
      manager,
    );
    expect(errorCode(twice)).toBe('CONFLICT');

    await must('mutation($id: ID!) { publishLeniencyList(id: $id) { id } }', { id: listId });
    const late = await t.gql(
      'mutation($i: ID!) { createLeniencyItemCondition(itemId: $i, number: 3, text: "新增条件") { id } }',
      { i: itemId },
      manager,
    );
    expect([errorCode(late), field(late)]).toEqual(['BAD_USER_INPUT', 'itemId']);
  });

  it('publishing supersedes within the series only, never backwards', async () => {
    const offenceId = await createOffence('T-PUB', 0, 5000, 'YUAN');
    const series = async (name: string) =>
      (
        await must<{ createLeniencyListSeries: { id: string } }>(
          'mutation($n: String!) { createLeniencyListSeries(name: $n) { id } }',
          {
            n: name,
          },
        )
      ).createLeniencyListSeries.id;
    const draft = async (seriesId: string, version: string, from: string, to: string | null = null) => {
      const id = (
        await must<{ createLeniencyList: { id: string } }>(
          `mutation($s: ID!, $v: String!, $f: Date!, $to: Date) {
            createLeniencyList(seriesId: $s, version: $v, title: $v, effectiveFrom: $f, effectiveTo: $to) { id } }`,
          { s: seriesId, v: version, f: from, to },
        )
      ).createLeniencyList.id;
      await must(
        `mutation($l: ID!, $o: ID!) { createLeniencyItem(listId: $l, number: 1, offenceId: $o, kind: LIGHTER, conditions: "主动改正",
          maxHarm: GENERAL, requiresCorrection: true) { id } }`,
        { l: id, o: offenceId },
      );
      return id;
    };
    const publish = (id: string, supersede?: boolean) =>
      t.gql<{ publishLeniencyList: { effectiveTo: string | null; status: string } }>(
        `mutation($id: ID!, $s: Boolean) { publishLeniencyList(id: $id, supersedePrevious: $s) { status effectiveTo } }`,
        { id, s: supersede ?? null },
        manager,
      );
    const endOf = async (id: string) =>
      (
        await must<{ LeniencyList: { effectiveTo: string | null } }>(
          'query($id: ID!) { LeniencyList(id: $id) { effectiveTo } }',
          { id },
        )
      ).LeniencyList.effectiveTo;

    const city = await series('测试市清单');
    const province = await series('测试自治区清单');
    const city1 = await draft(city, '1.0', '2022-01-01');
    const prov1 = await draft(province, '1.0', '2023-01-01');
    expect((await publish(city1)).errors).toBeUndefined();
    expect((await publish(prov1)).errors).toBeUndefined();

    // Without superseding, an overlap with the open-ended 1.0 is refused, not silently allowed.
    const city2 = await draft(city, '2.0', '2024-03-01');
    const kept = await publish(city2, false);
    expect([errorCode(kept), field(kept)]).toEqual(['BAD_USER_INPUT', 'supersedePrevious']);
    expect(await endOf(city1)).toBeNull();

    const superseding = await publish(city2);
    expect(superseding.errors).toBeUndefined();
    expect(superseding.data!.publishLeniencyList.status).toBe('PUBLISHED');
    expect(await endOf(city1)).toBe('2024-02-29');
    expect(await endOf(prov1)).toBeNull(); // another series is never touched

    // A version starting before the one in force would cut it back: refused, with the reason.
    const backwards = await draft(city, '1.5', '2023-01-01');
    const refused = await publish(backwards);
    expect([errorCode(refused), field(refused)]).toEqual(['BAD_USER_INPUT', 'effectiveFrom']);
    expect(refused.errors![0].message).toContain('施行期间重叠');
    expect(await endOf(city2)).toBeNull();
  });
  it('a clause corrected after its baseline is saved, and the baseline saying what to revise', async () => {
    // 行政处罚法 Art. 34: a baseline refines the statutory range. Saving one past it is refused
    // (tests/legal/baselines.checks.yaml); a clause corrected afterwards is still recorded (the
    // statute is what it is), and the baseline then says why it must be revised.
    const offenceId = await createOffence('T-BAS', 1000, 10000, 'YUAN');
    const baseline = await must<{ createDiscretionBaseline: { id: string; revisionNeeded: string | null } }>(
      `mutation($o: ID!) { createDiscretionBaseline(offenceId: $o, effectiveFrom: "2024-01-01", source: "测试裁量基准",
        tiers: [{ level: LIGHTER, min: 1000, max: 3000, conditions: "从轻" }, { level: STANDARD, min: 3000, max: 7000, conditions: "一般" },
                { level: HEAVIER, min: 7000, max: 10000, conditions: "从重" }]) { id revisionNeeded } }`,
      { o: offenceId },
    );
    expect(baseline.createDiscretionBaseline.revisionNeeded).toBeNull();
    const [version] = await versionsOf(offenceId);
    await must('mutation($id: ID!) { updateOffenceVersion(id: $id, fineMax: 5000) { id } }', {
      id: version.id,
    });
    const after = await must<{ DiscretionBaseline: { revisionNeeded: string | null } }>(
      'query($id: ID!) { DiscretionBaseline(id: $id) { revisionNeeded } }',
      { id: baseline.createDiscretionBaseline.id },
      officer,
    );
    // 一般 (3,000 to 7,000) still reaches into the corrected range: it grades it, and leaves it.
    expect(after.DiscretionBaseline.revisionNeeded).toMatch(
      /^一般处罚档（3000元至7000元）超出.*的法定罚款幅度（1000元至5000元）.*行政处罚法第三十四条/,
    );
    // Listed as the admin lists baselines: this one flagged, the demo's own all within the law.
    const all = await must<{ allDiscretionBaselines: { id: string; revisionNeeded: string | null }[] }>(
      '{ allDiscretionBaselines(perPage: 1000) { id revisionNeeded } }',
    );
    expect(all.allDiscretionBaselines.length).toBeGreaterThan(1);
    expect(all.allDiscretionBaselines.filter((b) => b.revisionNeeded !== null).map((b) => b.id)).toEqual([
      baseline.createDiscretionBaseline.id,
    ]);
  });
});
