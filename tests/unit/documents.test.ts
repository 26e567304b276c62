import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  PLACEHOLDERS,
  REQUIRED,
  type DocumentValues,
  assertTemplate,
  documentsOf,
  fillTemplate,
  followUpSchedule,
  isOverdue,
  performanceText,
  remediesText,
} from '../../server/domain/documents';
import { CaseStatus, DocumentKind, LeniencyKind, Tier } from '../../server/domain/enums';
import { InvalidInput } from '../../server/domain/errors';
import { documentValues } from '../../server/services/documents';

describe('case documents, as the law asks them (server/domain/documents.ts)', () => {
  it('the built-in templates carry every element their kind requires', () => {
    for (const kind of Object.values(DocumentKind))
      expect(() => assertTemplate(kind, DEFAULT_TEMPLATES[kind].body)).not.toThrow();
  });

  it.each(REQUIRED.PENALTY_DECISION.map((p) => [p]))(
    'a 行政处罚决定书 without {{%s}} is refused, naming the field',
    (p) => {
      const body = DEFAULT_TEMPLATES.PENALTY_DECISION.body.replaceAll(`{{${p}}}`, '');
      expect(() => assertTemplate(DocumentKind.PENALTY_DECISION, body)).toThrow(InvalidInput);
      try {
        assertTemplate(DocumentKind.PENALTY_DECISION, body);
      } catch (e) {
        expect((e as InvalidInput).field).toBe('body');
        expect((e as InvalidInput).en).toContain(`{{${p}}}`);
      }
    },
  );

  it('fills placeholders with their text, a paragraph a line (the printer escapes it)', () => {
    const values = Object.fromEntries(Object.keys(PLACEHOLDERS).map((k) => [k, `<${k}>`])) as DocumentValues;
    expect(
      fillTemplate('当事人：{{ partyName }}\r\n{{agency}}（印章）', { ...values, partyName: '甲公司' }),
    ).toEqual(['当事人：甲公司', '<agency>（印章）']);
  });

  it.each([
    // status, outcome, commitment → documents
    [CaseStatus.OPEN, null, false, []],
    [CaseStatus.DECIDED, Tier.NONE, false, [DocumentKind.NO_PENALTY_DECISION, DocumentKind.CORRECTION_ORDER]],
    [
      CaseStatus.CLOSED,
      Tier.LIGHTER,
      true,
      [DocumentKind.PENALTY_DECISION, DocumentKind.CORRECTION_ORDER, DocumentKind.COMMITMENT_LETTER],
    ],
    [
      CaseStatus.DECIDED,
      Tier.STANDARD,
      false,
      [DocumentKind.PENALTY_DECISION, DocumentKind.CORRECTION_ORDER],
    ],
  ] as const)('a %s case decided %s (commitment %s) prints %j', (status, outcome, commitment, kinds) => {
    expect(documentsOf({ status, outcome, itemRequiresCommitment: commitment })).toEqual(kinds);
  });

  it('issues only the order to correct while a fine awaits a refusal to correct (拒不改正的，处…罚款)', () => {
    for (const status of [CaseStatus.DECIDED, CaseStatus.CLOSED])
      expect(
        documentsOf({
          status,
          outcome: Tier.NONE,
          itemRequiresCommitment: true,
          decision: { grounds: ['ORDER_TO_CORRECT'] },
        }),
      ).toEqual([DocumentKind.CORRECTION_ORDER]);
    expect(
      documentsOf({
        status: CaseStatus.OPEN,
        outcome: Tier.NONE,
        itemRequiresCommitment: false,
        decision: { grounds: ['ORDER_TO_CORRECT'] },
      }),
    ).toEqual([]);
  });

  it('orders a penalty imposed without a penalty tier (食品安全法 Art. 136) by a 行政处罚决定书', () => {
    expect(
      documentsOf({
        status: CaseStatus.DECIDED,
        outcome: Tier.NONE,
        itemRequiresCommitment: false,
        decision: { grounds: ['NO_FAULT'], penalties: ['没收非法财物'] },
      }),
    ).toEqual([DocumentKind.PENALTY_DECISION, DocumentKind.CORRECTION_ORDER]);
  });

  it.each([
    [
      CaseStatus.DECIDED,
      Tier.NONE,
      LeniencyKind.FIRST_OFFENCE_NO_PENALTY,
      '2026-01-31',
      { correctionDeadline: '2026-02-15', dueDate: '2026-03-02' },
    ],
    [
      CaseStatus.DECIDED,
      Tier.MITIGATED,
      LeniencyKind.MITIGATED,
      '2026-12-20',
      { correctionDeadline: '2027-01-04', dueDate: '2027-01-19' },
    ],
    [CaseStatus.DECIDED, Tier.STANDARD, null, '2026-01-31', null],
    [CaseStatus.DECIDED, Tier.NONE, null, '2026-01-31', null], // no penalty outside the lists: not a lenient case
    [CaseStatus.OPEN, Tier.NONE, LeniencyKind.NO_PENALTY, null, null],
  ] as const)(
    'a %s case, %s under a %s item, decided %s: follow-up %j',
    (status, outcome, itemKind, decisionDate, expected) => {
      expect(followUpSchedule({ status, outcome, itemKind, decisionDate })).toEqual(expected);
    },
  );

  it('a visit is overdue once its date has passed without being made', () => {
    expect(isOverdue({ dueDate: '2026-11-29', doneDate: null }, '2026-11-30')).toBe(true);
    expect(isOverdue({ dueDate: '2026-11-30', doneDate: null }, '2026-11-30')).toBe(false);
    expect(isOverdue({ dueDate: '2026-11-01', doneDate: '2026-11-02' }, '2026-11-30')).toBe(false);
  });

  it('tells how to pay a fine, and speaks of other penalties only where there are some', () => {
    const alone = performanceText('人民币5,000.00元', false);
    expect(alone).toContain('十五日内');
    expect(alone).toContain('缴纳罚款人民币5,000.00元');
    expect(alone).not.toContain('其他处罚');
    expect(performanceText('人民币5,000.00元', true)).toContain('其他处罚自本决定书送达之日起执行');
    // Without a fine (a warning, a confiscation) the decision takes effect on service.
    expect(performanceText(null, true)).toBe('本决定自送达之日起执行。');
  });

  it('names the 复议机关 of the 2023 行政复议法: the agency’s own government, or one level up for vertical ones', () => {
    const general = remediesText('市场监督管理局', null);
    expect(general).toContain('自收到本决定书之日起六十日内向本级人民政府申请行政复议');
    expect(general).toContain('行政复议法》第二十条、第二十四条');
    expect(general).not.toContain('上一级');
    const tax = remediesText('国家税务总局包头市税务局', null);
    expect(tax).toContain('向上一级税务机关申请行政复议');
    expect(tax).toContain('行政复议法》第二十条、第二十七条');
    expect(remediesText('海关', null)).toContain('向上一级主管部门申请行政复议');
    // A reviewing body a department names itself is used as given.
    const named = remediesText('包头市市场监督管理局', '包头市人民政府');
    expect(named).toContain(
      '六十日内向包头市人民政府申请行政复议（《中华人民共和国行政复议法》第二十条、第二十四条）',
    );
    // The article follows the kind of agency, whoever is named; a blank name is no name.
    expect(remediesText('国家税务总局包头市税务局', '国家税务总局内蒙古自治区税务局')).toContain(
      '向国家税务总局内蒙古自治区税务局申请行政复议（《中华人民共和国行政复议法》第二十条、第二十七条）',
    );
    expect(remediesText('包头市市场监督管理局', '  ')).toBe(general);
    // A local government's financial bureau is no vertical agency: its government reviews it.
    expect(remediesText('包头市地方金融监督管理局', null)).toContain(
      '向本级人民政府申请行政复议（《中华人民共和国行政复议法》第二十条、第二十四条）',
    );
    // The article follows the body named: a government is Art. 24, any other one level up, Art. 27.
    expect(remediesText('包头市地方金融监督管理局', '包头市人民政府')).toContain('第二十条、第二十四条');
    expect(remediesText('某海关', '呼和浩特海关')).toContain(
      '向呼和浩特海关申请行政复议（《中华人民共和国行政复议法》第二十条、第二十七条）',
    );
    for (const text of [general, tax])
      expect(text).toContain(
        '自收到本决定书之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）',
      );
  });
});

describe('what a case document says (server/services/documents.ts)', () => {
  const parts = {
    enterprise: { name: '包头市某运输有限公司', creditCode: '91150203100000007M' },
    offence: {
      title: '未取得道路运输经营许可擅自从事道路普通货物运输经营',
      violatedProvision: '《中华人民共和国道路运输条例》第二十四条',
      penaltyProvision: '《中华人民共和国道路运输条例》第六十三条第（一）项',
    },
    department: { name: '交通运输局' },
    item: null,
    visit: null,
  };
  const decided = (officerChoice: Tier | null, outcome = Tier.STANDARD, grounds: string[] = ['BASELINE']) =>
    ({
      caseNumber: '包交罚〔2022〕1号',
      status: CaseStatus.DECIDED,
      outcome,
      officerChoice,
      choiceReason: officerChoice ? '当事人主动消除危害后果' : null,
      offenceDate: '2022-04-01',
      decisionDate: '2022-04-20',
      harm: 'MINOR',
      corrected: true,
      fine: 3_000_000,
      decision: {
        offenceVersionId: 11,
        mandatory: true,
        grounds,
        summary: '当事人于2022-04-01实施……的行为。依据……，应予一般处罚：罚款3万元至10万元。同时责令改正。',
        item: null,
        measures: ['责令改正'],
        penalties: ['罚款30,000.00元至100,000.00元'],
      },
    }) as never;

  it('gives a warning (给予警告) and orders the other penalties in their own verbs', () => {
    const withPenalties = (fine: number | null, penalties: string[]) => {
      const c = decided(null) as unknown as { fine: number | null; decision: Record<string, unknown> };
      return { ...c, fine, decision: { ...c.decision, penalties } } as never;
    };
    expect(documentValues(withPenalties(null, ['警告']), parts as never).penalty).toBe('给予警告');
    expect(
      documentValues(
        withPenalties(3_000_000, ['罚款30,000.00元至100,000.00元', '没收违法所得', '警告']),
        parts as never,
      ).penalty,
    ).toBe('处罚款人民币30,000.00元，没收违法所得，给予警告');
  });

  it('cites the clause of the offence version the decision applied, not the offence’s current one', () => {
    const applied = { citation: '《中华人民共和国道路运输条例》第六十三条（2019年修订）' };
    expect(documentValues(decided(null), { ...parts, version: applied } as never).penaltyProvision).toBe(
      applied.citation,
    );
    expect(documentValues(decided(null), { ...parts, version: null } as never).penaltyProvision).toBe(
      parts.offence.penaltyProvision,
    );
  });

  it('words the choice as the agency’s, under Art. 32 only where its grounds are found, and says correction once', () => {
    const lighter = documentValues(decided(Tier.LIGHTER, Tier.LIGHTER, ['ART32']), parts as never);
    expect(lighter.discretion).toContain(
      '依据《中华人民共和国行政处罚法》第三十二条，本机关决定从轻处罚，理由：',
    );
    const declined = documentValues(
      decided(Tier.STANDARD, Tier.STANDARD, ['DISCRETION_DECLINED', 'BASELINE']),
      parts as never,
    );
    expect(declined.discretion).toContain('本机关决定不适用可以不予处罚的规定，依法给予处罚，理由：');
    // Declined, then 从轻 under Art. 32: both said, the reason once.
    const both = documentValues(
      decided(Tier.LIGHTER, Tier.LIGHTER, ['DISCRETION_DECLINED', 'ART32']),
      parts as never,
    );
    expect(both.discretion).toContain(
      '依法给予处罚。依据《中华人民共和国行政处罚法》第三十二条，本机关决定从轻处罚，理由：',
    );
    // An officer's choice without Art. 32's grounds is not cited under it.
    const unfounded = documentValues(decided(Tier.LIGHTER, Tier.LIGHTER, ['BASELINE']), parts as never);
    expect(unfounded.discretion).not.toContain('第三十二条');
    expect(unfounded.discretion).toContain('裁量理由：当事人主动消除危害后果。');
    for (const v of [lighter, declined, both]) {
      expect(v.discretion).not.toContain('第三十二条选择');
      expect(v.discretion).not.toContain('同时责令改正');
      expect(v.education).toBe('依据《中华人民共和国行政处罚法》第二十八条第一款，责令当事人改正违法行为。');
    }
  });
});
