import { RiskType } from '../enums.js';
import type { FactReading } from './unit.js';

export const riskLabel = (types: readonly RiskType[], lang: 'zh' | 'en') =>
  types.map((t) => RiskType.labels[t][lang]).join(lang === 'zh' ? '、' : ', ');

/** Distinct risk types in the order of the RiskType enum (the national form keeps up to five). */
export function riskTypesOf(risks: FactReading['risks']): RiskType[] {
  const found = new Set(risks.map((r) => r.riskType));
  return RiskType.values.filter((t) => found.has(t));
}
