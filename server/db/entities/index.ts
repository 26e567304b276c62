export * from './base';
export * from './catalogue';
export * from './people';
export * from './cases';
export * from './reports';
export * from './stats';
export * from './documents';

import {
  Department,
  District,
  Enterprise,
  Offence,
  OffenceVersion,
  DiscretionBaseline,
  LeniencyListSeries,
  LeniencyList,
  LeniencyItem,
  LeniencyItemCondition,
} from './catalogue';
import { User, AuditEntry, RevokedToken } from './people';
import { PenaltyCase } from './cases';
import { CheckupReport, ReportFinding } from './reports';
import { CaseNumberCounter, CaseStat } from './stats';
import { DocumentTemplate, FollowUpVisit } from './documents';

export const entities = [
  Department,
  District,
  Enterprise,
  Offence,
  OffenceVersion,
  DiscretionBaseline,
  LeniencyListSeries,
  LeniencyList,
  LeniencyItem,
  LeniencyItemCondition,
  User,
  AuditEntry,
  RevokedToken,
  PenaltyCase,
  CheckupReport,
  ReportFinding,
  CaseStat,
  CaseNumberCounter,
  DocumentTemplate,
  FollowUpVisit,
];
