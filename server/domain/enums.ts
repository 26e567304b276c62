// The words of the domain (../shared/DOMAIN.md). Stored and sent as these exact strings.

export enum Role {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  OFFICER = 'OFFICER',
  LAWYER = 'LAWYER',
}

export enum LeniencyKind {
  NO_PENALTY = 'NO_PENALTY',
  FIRST_OFFENCE_NO_PENALTY = 'FIRST_OFFENCE_NO_PENALTY',
  LIGHTER = 'LIGHTER',
  MITIGATED = 'MITIGATED',
  NO_COERCIVE_MEASURE = 'NO_COERCIVE_MEASURE',
}

/** Outcome tiers, most lenient first: NONE < MITIGATED < LIGHTER < STANDARD < HEAVIER. */
export enum Tier {
  NONE = 'NONE',
  MITIGATED = 'MITIGATED',
  LIGHTER = 'LIGHTER',
  STANDARD = 'STANDARD',
  HEAVIER = 'HEAVIER',
}

export enum Harm {
  NONE = 'NONE',
  MINOR = 'MINOR',
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
}

export enum MitigatingFactor {
  ELIMINATED_HARM = 'ELIMINATED_HARM',
  COERCED = 'COERCED',
  CONFESSED = 'CONFESSED',
  MERITORIOUS = 'MERITORIOUS',
}

export enum AggravatingFactor {
  REPEAT = 'REPEAT',
  REFUSED_CORRECTION = 'REFUSED_CORRECTION',
  OBSTRUCTED = 'OBSTRUCTED',
}

export enum FindingCategory {
  CORPORATE_GOVERNANCE = 'CORPORATE_GOVERNANCE',
  CONTRACTS = 'CONTRACTS',
  LABOUR = 'LABOUR',
  INTELLECTUAL_PROPERTY = 'INTELLECTUAL_PROPERTY',
  TAX = 'TAX',
  ENVIRONMENT = 'ENVIRONMENT',
  WORK_SAFETY = 'WORK_SAFETY',
  DATA_COMPLIANCE = 'DATA_COMPLIANCE',
  OTHER = 'OTHER',
}

export enum RiskLevel {
  MAJOR = 'MAJOR',
  SIGNIFICANT = 'SIGNIFICANT',
  GENERAL = 'GENERAL',
  LOW = 'LOW',
}

export enum EnterpriseScale {
  MICRO = 'MICRO',
  SMALL = 'SMALL',
  MEDIUM = 'MEDIUM',
  LARGE = 'LARGE',
}

export enum FineUnit {
  YUAN = 'YUAN',
  MULTIPLE_OF_ILLEGAL_GAIN = 'MULTIPLE_OF_ILLEGAL_GAIN',
}

export enum ListStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export enum CaseStatus {
  OPEN = 'OPEN',
  DECIDED = 'DECIDED',
  CLOSED = 'CLOSED',
}

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  ACCEPTED = 'ACCEPTED',
  DELIVERED = 'DELIVERED',
}
