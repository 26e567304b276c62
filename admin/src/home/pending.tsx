import type { ReactNode } from 'react';
import { addDays } from '../../../server/domain/dates';
import type { CurrentUser } from '../api';
import { text, type Role } from '../common/fields';
import { todayIso } from '../format';
import { FindingDue } from './FindingDue';

/**
 * The work waiting for each role, as cards on the home page (react-admin's demo: PendingOrders,
 * PendingReviews). Each card is a filtered list: its count, its first records, and a link to the
 * whole list with the same filter. To add one, add an entry here: the home page draws it.
 */
export interface PendingCard {
  id: string;
  roles: Role[];
  /** i18n key of the card's title. */
  title: string;
  resource: string;
  filter: (user: CurrentUser) => Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  /** One line per record. */
  line: (record: Record<string, unknown>) => ReactNode;
  secondary?: (record: Record<string, unknown>) => ReactNode;
  /** Where a record opens (default: its own page). */
  link?: (record: Record<string, unknown>) => string;
}

/** Findings whose deadline falls within this many days (or has passed) count as near. */
export const DEADLINE_NEAR_DAYS = 30;

/** A report by its number and enterprise (CheckupReport.title), never its id. */
const reportLine = (r: Record<string, unknown>) => text(r.title);

export const PENDING_CARDS: PendingCard[] = [
  // 管理人员: reports lawyers submitted, oldest first.
  {
    id: 'reportsToReview',
    roles: ['MANAGER', 'ADMIN'],
    title: 'lawcheck.home.reportsToReview',
    resource: 'CheckupReport',
    filter: () => ({ status: 'SUBMITTED' }),
    sort: { field: 'checkDate', order: 'ASC' },
    line: reportLine,
    secondary: (r) => text(r.checkDate),
  },
  // 律师: own drafts, reports returned with comments, findings whose rectification deadline is near.
  {
    id: 'returnedReports',
    roles: ['LAWYER'],
    title: 'lawcheck.home.returnedReports',
    resource: 'CheckupReport',
    filter: () => ({ status: 'RETURNED' }),
    sort: { field: 'checkDate', order: 'ASC' },
    line: reportLine,
    secondary: (r) => text(r.reviewComment),
  },
  {
    id: 'draftReports',
    roles: ['LAWYER'],
    title: 'lawcheck.home.draftReports',
    resource: 'CheckupReport',
    filter: () => ({ status: 'DRAFT' }),
    sort: { field: 'checkDate', order: 'DESC' },
    line: reportLine,
    secondary: (r) => text(r.checkDate),
  },
  {
    id: 'findingsDue',
    roles: ['LAWYER'],
    title: 'lawcheck.home.findingsDue',
    resource: 'ReportFinding',
    filter: () => ({ rectified: false, deadline_lte: addDays(todayIso(), DEADLINE_NEAR_DAYS) }),
    sort: { field: 'deadline', order: 'ASC' },
    line: (r) => text(r.description),
    secondary: (r) => <FindingDue record={r} />,
    // A finding is worked on in place, on its report's page.
    link: (r) => `/CheckupReport/${text(r.reportId)}/show`,
  },
  // 执法人员: own cases a reviewer returned (法制审核), to revise and resubmit.
  {
    id: 'returnedCases',
    roles: ['OFFICER'],
    title: 'lawcheck.home.returnedCases',
    resource: 'PenaltyCase',
    filter: (user) => ({ status: 'RETURNED', officerId: user.id }),
    sort: { field: 'reviewedAt', order: 'ASC' },
    line: (r) => text(r.caseNumber),
    secondary: (r) => text(r.reviewNote),
  },
  // Cases waiting for 法制审核 (home/Home.tsx: CasesInReview) and overdue follow-up visits
  // (OverdueFollowUps) are cards of their own, drawn beside these.
];
