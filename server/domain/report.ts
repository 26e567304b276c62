import { RiskLevel } from './enums';

/**
 * The risk index of a health-check report 法治体检报告, derived from its findings, never typed:
 * - each finding scores by its level: 重大 MAJOR 85, 较大 SIGNIFICANT 60, 一般 GENERAL 35, 较低 LOW 10;
 *   a rectified finding counts a quarter of that;
 * - the report's index is its highest finding score plus a tenth of every other finding's
 *   score (many findings raise the risk, but never past 100), rounded;
 * - the overall level follows the usual bands: 75–100 重大, 50–74 较大, 25–49 一般, 0–24 较低.
 */
export const FINDING_SCORE: Record<RiskLevel, number> = {
  [RiskLevel.MAJOR]: 85,
  [RiskLevel.SIGNIFICANT]: 60,
  [RiskLevel.GENERAL]: 35,
  [RiskLevel.LOW]: 10,
};

export interface ScoredFinding {
  riskLevel: RiskLevel;
  rectified: boolean;
}

export function riskIndexOf(findings: readonly ScoredFinding[]): number {
  const scores = findings
    .map((f) => FINDING_SCORE[f.riskLevel] * (f.rectified ? 0.25 : 1))
    .sort((a, b) => b - a);
  if (scores.length === 0) return 0;
  const [top, ...rest] = scores;
  return Math.min(100, Math.round(top + rest.reduce((sum, s) => sum + s / 10, 0)));
}

export function riskLevelOf(index: number): RiskLevel {
  if (index >= 75) return RiskLevel.MAJOR;
  if (index >= 50) return RiskLevel.SIGNIFICANT;
  if (index >= 25) return RiskLevel.GENERAL;
  return RiskLevel.LOW;
}
