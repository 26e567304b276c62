export * from './base';
export * from './catalogue';
export * from './people';
export * from './cases';
export * from './reports';
export * from './stats';

import {
  Department,
  District,
  Enterprise,
  Offence,
  DiscretionBaseline,
  LeniencyList,
  LeniencyItem,
} from './catalogue';
import { User, AuditEntry } from './people';
import { PenaltyCase } from './cases';
import { CheckupReport, ReportFinding } from './reports';
import { CaseStat } from './stats';

export const entities = [
  Department,
  District,
  Enterprise,
  Offence,
  DiscretionBaseline,
  LeniencyList,
  LeniencyItem,
  User,
  AuditEntry,
  PenaltyCase,
  CheckupReport,
  ReportFinding,
  CaseStat,
];
