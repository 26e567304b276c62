import { uiMessages } from './ui';

import { ENUM_LABELS, type Pair } from '../../../server/domain/labels';

export { ENUM_LABELS, type EnumName } from '../../../server/domain/labels';

const RESOURCES: Record<string, { name: Pair; fields: Record<string, Pair> }> = {
  Department: {
    name: ['执法部门', 'Departments'],
    fields: {
      name: ['名称', 'Name'],
      code: ['代码', 'Code'],
      caseNumberPrefix: ['案号前缀', 'Case number prefix'],
    },
  },
  District: {
    name: ['旗县区', 'Districts'],
    fields: { name: ['名称', 'Name'], code: ['行政区划代码', 'Division code'] },
  },
  Enterprise: {
    name: ['企业', 'Enterprises'],
    fields: {
      creditCode: ['统一社会信用代码', 'Credit code'],
      name: ['企业名称', 'Name'],
      legalRepresentative: ['法定代表人', 'Legal representative'],
      districtId: ['旗县区', 'District'],
      industry: ['行业', 'Industry'],
      scale: ['规模', 'Scale'],
      address: ['地址', 'Address'],
      registeredAt: ['成立日期', 'Registered'],
    },
  },
  Offence: {
    name: ['违法行为', 'Offences'],
    fields: {
      code: ['编码', 'Code'],
      departmentId: ['执法部门', 'Department'],
      title: ['违法行为', 'Offence'],
      violatedProvision: ['违法依据', 'Provision violated'],
      penaltyProvision: ['处罚依据', 'Penalty provision'],
      fineMin: ['法定罚款下限', 'Statutory minimum'],
      fineMax: ['法定罚款上限', 'Statutory maximum'],
      fineUnit: ['计罚单位', 'Unit'],
      lifeHealthFinance: ['涉及生命健康、金融安全', 'Life, health or finance'],
    },
  },
  DiscretionBaseline: {
    name: ['裁量基准', 'Discretion baselines'],
    fields: {
      offenceId: ['违法行为', 'Offence'],
      effectiveFrom: ['施行日期', 'From'],
      effectiveTo: ['失效日期', 'To'],
      source: ['来源', 'Source'],
      tiers: ['裁量档次', 'Tiers'],
      level: ['档次', 'Tier'],
      min: ['罚款下限（元）', 'Minimum (yuan)'],
      max: ['罚款上限（元）', 'Maximum (yuan)'],
      conditions: ['适用情形', 'Circumstances'],
    },
  },
  OffenceVersion: {
    name: ['条文版本', 'Offence versions'],
    fields: {
      offenceId: ['违法行为', 'Offence'],
      effectiveFrom: ['施行日期', 'From'],
      effectiveTo: ['失效日期', 'To'],
      citation: ['处罚依据（本版）', 'Penalty provision (this version)'],
      penaltyKinds: ['罚款以外的处罚种类', 'Penalties besides the fine'],
      fineKind: ['罚款方式', 'Fine kind'],
      fineMin: ['罚款下限（元）', 'Minimum (yuan)'],
      fineMax: ['罚款上限（元）', 'Maximum (yuan)'],
      fineBasis: ['计罚基数', 'Basis'],
      multipleMin: ['倍数下限', 'Lowest multiple'],
      multipleMax: ['倍数上限', 'Highest multiple'],
      fallbackBelow: ['基数不足（元）时适用保底幅度', 'Fallback below (yuan)'],
      fallbackMin: ['保底幅度下限（元）', 'Fallback minimum (yuan)'],
      fallbackMax: ['保底幅度上限（元）', 'Fallback maximum (yuan)'],
      fineWhen: ['罚款适用情形', 'When the fine applies'],
      seriousMin: ['情节严重的下限', 'Serious: minimum'],
      seriousMax: ['情节严重的上限', 'Serious: maximum'],
      seriousPenaltyKinds: ['情节严重的处罚种类', 'Serious: penalties'],
      limitationYears: ['追责时效（年）', 'Limitation (years)'],
      limitationCitation: ['时效依据', 'Limitation citation'],
      noFaultRule: ['无主观过错的处理', 'Absence of fault'],
      noFaultCitation: ['无过错规定依据', 'No-fault citation'],
      noFaultPenaltyKinds: ['无过错仍须执行的处罚', 'Penalties that still apply'],
    },
  },
  LeniencyListSeries: {
    name: ['清单系列', 'List series'],
    fields: {
      name: ['系列名称', 'Name'],
      issuer: ['制定机关', 'Issuer'],
      field: ['领域', 'Field'],
      listCount: ['版本数', 'Versions'],
    },
  },
  LeniencyItemCondition: {
    name: ['适用条件', 'Item conditions'],
    fields: {
      itemId: ['清单事项', 'List item'],
      number: ['序号', 'No.'],
      text: ['条件', 'Condition'],
    },
  },
  LeniencyList: {
    name: ['免罚轻罚清单', 'Leniency lists'],
    fields: {
      seriesId: ['清单系列', 'Series'],
      version: ['版本', 'Version'],
      title: ['标题', 'Title'],
      issuer: ['发布机关', 'Issuer'],
      effectiveFrom: ['施行日期', 'From'],
      effectiveTo: ['失效日期', 'To'],
      status: ['状态', 'Status'],
      itemCount: ['事项数', 'Items'],
      publishedAt: ['发布时间', 'Published'],
    },
  },
  LeniencyItem: {
    name: ['清单事项', 'List items'],
    fields: {
      listId: ['清单版本', 'List'],
      number: ['序号', 'No.'],
      offenceId: ['违法行为', 'Offence'],
      kind: ['类别', 'Kind'],
      conditions: ['适用条件', 'Conditions'],
      conditionMatch: ['条件适用方式', 'Conditions apply'],
      lookbackKind: ['首违认定方式', 'First offence counted'],
      lookbackMonths: ['首违回溯期（月）', 'Look-back (months)'],
      maxHarm: ['危害后果上限', 'Maximum harm'],
      requiresCorrection: ['须及时改正', 'Correction required'],
      requiresCommitment: ['须签订告知承诺书', 'Commitment letter required'],
      measures: ['处理方式', 'Measures'],
      note: ['备注', 'Note'],
    },
  },
  PenaltyCase: {
    name: ['案件', 'Cases'],
    fields: {
      caseNumber: ['案号', 'Case number'],
      enterpriseId: ['企业', 'Enterprise'],
      offenceId: ['违法行为', 'Offence'],
      departmentId: ['执法部门', 'Department'],
      districtId: ['旗县区', 'District'],
      officerId: ['承办人', 'Officer'],
      offenceDate: ['违法行为发生日期', 'Offence date'],
      offenceEndDate: ['行为终了日期', 'Ended'],
      discoveredDate: ['发现日期', 'Discovered'],
      decisionDate: ['决定日期', 'Decided'],
      harm: ['危害后果', 'Harm'],
      corrected: ['已及时改正', 'Corrected'],
      noFaultEvidence: ['有无过错证据', 'No-fault evidence'],
      mitigating: ['从轻减轻情形', 'Mitigating factors'],
      aggravating: ['从重情形', 'Aggravating factors'],
      illegalGain: ['违法所得', 'Illegal gain'],
      outcome: ['处理结果', 'Outcome'],
      itemId: ['适用清单事项', 'List item'],
      fine: ['罚款', 'Fine'],
      referenceFine: ['参考罚款', 'Reference fine'],
      relief: ['减免金额', 'Relief'],
      overrideReason: ['偏离幅度理由', 'Override reason'],
      evidence: ['证据', 'Evidence'],
      status: ['状态', 'Status'],
      officerChoice: ['执法人员的选择', "Officer's choice"],
      choiceReason: ['选择理由', 'Reason for the choice'],
      itemLabel: ['适用清单事项', 'List item applied'],
      reviewTriggers: ['法制审核事由', 'Why it is reviewed'],
      submittedAt: ['提交审核时间', 'Submitted for review'],
      reviewerId: ['法制审核人', 'Reviewer'],
      reviewedAt: ['审核时间', 'Reviewed'],
      reviewNote: ['审核意见', 'Review note'],
    },
  },
  DocumentTemplate: {
    name: ['文书模板', 'Document templates'],
    fields: {
      kind: ['文书种类', 'Kind'],
      departmentId: ['执法部门（空为默认）', 'Department (empty: default)'],
      title: ['标题', 'Title'],
      body: ['正文（每行一段，{{占位符}}）', 'Body (a paragraph a line, {{placeholders}})'],
      version: ['版本', 'Version'],
    },
  },
  FollowUpVisit: {
    name: ['回访', 'Follow-up visits'],
    fields: {
      penaltyCaseId: ['案件', 'Case'],
      correctionDeadline: ['改正期限', 'Correct by'],
      dueDate: ['回访日期', 'Visit due'],
      doneDate: ['实际回访日期', 'Visited'],
      result: ['回访结果', 'Result'],
      officerId: ['回访人', 'Officer'],
      notes: ['回访记录', 'Notes'],
    },
  },
  CheckupReport: {
    name: ['法治体检报告', 'Health-check reports'],
    fields: {
      enterpriseId: ['受检企业', 'Enterprise'],
      lawyerId: ['承办律师', 'Lawyer'],
      lawFirm: ['律师事务所', 'Law firm'],
      checkDate: ['体检日期', 'Check date'],
      scope: ['体检范围', 'Scope'],
      method: ['体检方法', 'Method'],
      summary: ['体检结论', 'Summary'],
      riskIndex: ['风险指数', 'Risk index'],
      riskLevel: ['风险等级', 'Risk level'],
      status: ['状态', 'Status'],
      reviewerId: ['审核人', 'Reviewer'],
      reviewComment: ['审核意见', 'Review comment'],
    },
  },
  ReportFinding: {
    name: ['体检发现', 'Findings'],
    fields: {
      reportId: ['报告', 'Report'],
      category: ['类别', 'Category'],
      riskLevel: ['风险等级', 'Risk level'],
      description: ['发现的问题', 'Finding'],
      legalBasis: ['法律依据', 'Legal basis'],
      recommendation: ['整改建议', 'Recommendation'],
      deadline: ['整改期限', 'Deadline'],
      rectified: ['已整改', 'Rectified'],
      rectifiedAt: ['整改日期', 'Rectified on'],
      offenceId: ['关联违法行为', 'Offence'],
    },
  },
  User: {
    name: ['用户', 'Users'],
    fields: {
      username: ['用户名', 'Username'],
      displayName: ['姓名', 'Name'],
      role: ['角色', 'Role'],
      departmentId: ['所属部门', 'Department'],
      lawFirm: ['律师事务所', 'Law firm'],
      active: ['启用', 'Active'],
      password: ['新密码', 'New password'],
    },
  },
  AuditEntry: {
    name: ['操作日志', 'Audit trail'],
    fields: {
      at: ['时间', 'At'],
      username: ['用户', 'User'],
      action: ['操作', 'Action'],
      entityType: ['对象类型', 'Type'],
      entityId: ['对象编号', 'Id'],
      userId: ['操作人', 'User'],
      changes: ['变更内容', 'Changes'],
    },
  },
};

const COMMON: Record<string, Pair> = {
  id: ['编号', 'Id'],
  createdAt: ['创建时间', 'Created'],
  updatedAt: ['更新时间', 'Updated'],
  q: ['搜索', 'Search'],
};

/** The `resources` and `lawcheck` parts of a react-admin message tree for language 0 (zh) or 1 (en). */
export function domainMessages(lang: 0 | 1) {
  const resources = Object.fromEntries(
    Object.entries(RESOURCES).map(([r, v]) => [
      r,
      {
        name: v.name[lang],
        fields: {
          ...Object.fromEntries(Object.entries(COMMON).map(([k, p]) => [k, p[lang]])),
          ...Object.fromEntries(Object.entries(v.fields).map(([k, p]) => [k, p[lang]])),
        },
      },
    ]),
  );
  const enums = Object.fromEntries(
    Object.entries(ENUM_LABELS).map(([e, values]) => [
      e,
      Object.fromEntries(Object.entries(values).map(([k, p]) => [k, (p as Pair)[lang]])),
    ]),
  );
  return {
    resources,
    lawcheck: {
      enum: enums,
      ui: uiMessages(lang),
      title: lang === 0 ? 'Lawcheck 免罚轻罚与法治体检' : 'Lawcheck',
      language: lang === 0 ? '中文' : 'English',
      dashboard: {
        welcome: lang === 0 ? '欢迎，%{name}' : 'Welcome, %{name}',
        cases: lang === 0 ? '案件数' : 'Cases',
        lenient: lang === 0 ? '免罚轻罚案件' : 'Lenient cases',
        fines: lang === 0 ? '罚款金额' : 'Fines',
        relief: lang === 0 ? '减免金额' : 'Relief',
      },
      desk: { title: lang === 0 ? '免罚轻罚查询' : 'Leniency check' },
      followUp: {
        overdue: lang === 0 ? '逾期未回访' : 'Overdue follow-up visits',
        none: lang === 0 ? '没有逾期的回访' : 'No overdue visits',
        daysLate: lang === 0 ? '逾期%{days}天' : '%{days} days late',
        all: lang === 0 ? '全部回访' : 'All visits',
      },
      documents: {
        title: lang === 0 ? '案件文书' : 'Case documents',
        print: lang === 0 ? '打印' : 'Print',
      },
      qualification: {
        yes: lang === 0 ? '今日可适用' : 'Qualifies today',
        no: lang === 0 ? '今日不可适用' : 'Does not qualify today',
      },
      home: {
        reportsToReview: lang === 0 ? '待审核的体检报告' : 'Reports to review',
        returnedReports: lang === 0 ? '被退回的报告' : 'Returned reports',
        draftReports: lang === 0 ? '草稿报告' : 'Draft reports',
        findingsDue: lang === 0 ? '整改期限将至的发现（30日内）' : 'Findings due within 30 days',
        returnedCases: lang === 0 ? '被退回的案件（法制审核）' : 'Cases returned by legal review',
        nothing: lang === 0 ? '暂无' : 'Nothing waiting',
      },
      validation: { creditCode: lang === 0 ? '统一社会信用代码无效：%{why}' : 'Invalid credit code: %{why}' },
    },
  };
}
