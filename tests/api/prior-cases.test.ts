import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/domain/dates';
import { sqlRows } from '../../server/db/sql';
import { dialects, startTestServer, type TestServer } from '../support/server';

// checkLeniency's priorCases: every earlier case counts for the decision (priorCaseIds), but a
// reader sees only the cases of their read scope. The rows come with the check's own query.
// Every field of a case: its columns (JSON lists, money, dates, booleans, ids) as read straight
// from the check's rows, and the relations and decision resolved from them.
const CASE_FIELDS = `id caseNumber offenceDate offenceEndDate discoveredDate decisionDate outcome status fine
  referenceFine relief illegalGain basisAmount version departmentId enterpriseId offenceId districtId officerId
  itemId itemLabel reviewerId createdAt updatedAt submittedAt reviewedAt harm corrected noFaultEvidence
  seriousCircumstances refusedCorrection mitigating aggravating confirmedConditions officerChoice choiceReason
  overrideReason evidence reviewNote reviewTriggers
  enterprise { id name } offence { id code } department { id name } decision { outcome summary }`;

describe.each(await dialects())('prior cases shown by checkLeniency on %s', (dialect) => {
  let t: TestServer;
  let prior: {
    id: number;
    enterprise_id: number;
    offence_id: number;
    offence_date: string;
    username: string;
  };
  let otherOfficer: string;

  beforeAll(async () => {
    t = await startTestServer(dialect, { cases: 400 });
    const em = t.server.orm.em.fork();
    // A decided case whose department has an officer, and an officer of another department.
    [prior] = await sqlRows<typeof prior>(
      em,
      `select c.id, c.enterprise_id, c.offence_id, c.offence_date, u.username
         from penalty_case c join "user" u on u.department_id = c.department_id and u.role = 'OFFICER'
        where c.status in ('DECIDED', 'CLOSED')
        order by c.id limit 1`,
    );
    const [other] = await sqlRows<{ username: string }>(
      em,
      `select username from "user" where role = 'OFFICER' and department_id <> (select department_id from penalty_case where id = ?) order by id limit 1`,
      [prior.id],
    );
    otherOfficer = other.username;
  });
  afterAll(async () => t?.stop());

  const check = async (token: string) => {
    const day = String(prior.offence_date).slice(0, 10);
    const res = await t.gql<{
      checkLeniency: { priorCaseIds: string[]; firstOffence: boolean; priorCases: Record<string, unknown>[] };
    }>(
      `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { priorCaseIds firstOffence priorCases { ${CASE_FIELDS} } } }`,
      {
        i: {
          enterpriseId: String(prior.enterprise_id),
          offenceId: String(prior.offence_id),
          offenceDate: addDays(day, 1),
          decisionDate: addDays(day, 30),
          harm: 'NONE',
          corrected: true,
        },
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.checkLeniency;
  };

  it('shows the prior case, field for field as reading it directly, to its department and to managers', async () => {
    for (const username of [prior.username, 'manager']) {
      const token = await t.login(username);
      const seen = await check(token);
      expect(seen.priorCaseIds).toContain(String(prior.id));
      expect(seen.firstOffence).toBe(false);
      const direct = await t.gql<{ PenaltyCase: Record<string, unknown> }>(
        `{ PenaltyCase(id: "${prior.id}") { ${CASE_FIELDS} } }`,
        {},
        token,
      );
      expect(seen.priorCases.find((c) => c.id === String(prior.id))).toEqual(direct.data!.PenaltyCase);
    }
  });

  it('reads the prior cases with the decision, in one query of the cases table', async () => {
    const token = await t.login(prior.username);
    t.queries.length = 0;
    const seen = await check(token);
    expect(seen.priorCases.map((c) => c.id)).toContain(String(prior.id));
    expect(t.queries.filter((q) => q.includes('penalty_case'))).toHaveLength(1);
  });

  it("counts another department's case for the decision but does not show it", async () => {
    const seen = await check(await t.login(otherOfficer));
    expect(seen.priorCaseIds).toContain(String(prior.id));
    expect(seen.firstOffence).toBe(false);
    expect(seen.priorCases.map((c) => c.id)).not.toContain(String(prior.id));
  });
});
