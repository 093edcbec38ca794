import { isSevereDisability, type MemberDraft } from './members.js';
import type { Rng } from './random.js';

/**
 * Yearly income by component (DOMAIN §2.4; issue 3 §2): net = wage + business gross − business cost + property +
 * transfer. Amounts are worked out in yuan from the members (who works where, who farms, who draws a pension),
 * then scaled as a whole so that the latest year lands where the household's story needs it (below the line for
 * a monitored household, above it once eliminated), and finally stored in integer fen.
 */

export interface IncomeYear {
  wage: number;
  bizGross: number;
  bizCost: number;
  property: number;
  /** transfers other than 低保/特困 payments */
  transfer: number;
  /** 低保 or 特困 payments of the year (part of transfer income in the record) */
  assistance: number;
  medical: number;
  schooling: number;
  disaster: number;
  claim: number;
}

export const netYuan = (y: IncomeYear) => y.wage + y.bizGross - y.bizCost + y.property + y.transfer + y.assistance;

/** The latest year's income of the household as its members would earn it (yuan). */
export function naturalIncome(rng: Rng, members: readonly MemberDraft[], lifted: boolean): IncomeYear {
  const y: IncomeYear = {
    wage: 0,
    bizGross: 0,
    bizCost: 0,
    property: 0,
    transfer: 0,
    assistance: 0,
    medical: 0,
    schooling: 0,
    disaster: 0,
    claim: 0,
  };
  const factor = rng.lognormal(1, 0.25) * (lifted ? 0.85 : 1);
  let farms = false;
  for (const m of members) {
    const skilled = m.laborCapacity === 'skilled';
    if (m.workPlace && m.workMonths) {
      const monthly = m.migrant
        ? rng.lognormal(skilled ? 5200 : 4000, 0.25)
        : rng.lognormal(skilled ? 3600 : 2600, 0.25);
      y.wage += monthly * m.workMonths * factor;
    }
    if (m.farming) {
      farms = true;
      const net = rng.lognormal(m.laborCapacity === 'weak_or_half' ? 6000 : 12000, 0.55) * factor;
      const costShare = rng.between(0.35, 0.6);
      const gross = net / (1 - costShare);
      y.bizGross += gross;
      y.bizCost += gross - net;
    }
    if (m.publicWelfareJob && m.publicWelfareJobMonths) y.wage += rng.between(500, 800) * m.publicWelfareJobMonths;
    if (m.age >= 60) {
      y.transfer += m.pensionInsurance === '职工基本养老保险' ? rng.between(24000, 36000) : rng.between(1400, 2600);
    }
    // 重度残疾人护理补贴 (R2's severe disability)
    if (isSevereDisability(m)) y.transfer += rng.between(960, 1440);
  }
  if (farms) y.transfer += rng.between(600, 2500); // 耕地地力保护补贴 and similar
  if (rng.chance(0.25)) y.property += rng.between(500, 6000); // land transfer rent
  if (lifted && rng.chance(0.4)) y.property += rng.between(300, 1500); // 扶贫资产收益 dividends
  return y;
}

/** Scale everything except 低保/特困 payments so that the net income becomes `targetNet` (yuan). */
export function scaleToNet(y: IncomeYear, targetNet: number): void {
  const fixed = y.assistance;
  const current = netYuan(y) - fixed;
  const want = Math.max(0, targetNet - fixed);
  if (current <= 1) {
    // no own income at all: what remains comes from relatives and small subsidies
    y.transfer += want - current;
    return;
  }
  const f = want / current;
  y.wage *= f;
  y.bizGross *= f;
  y.bizCost *= f;
  y.property *= f;
  y.transfer *= f;
}

/** Rigid expenditure of one year from the members' health and schooling (yuan). */
export function rigidExpenses(rng: Rng, members: readonly MemberDraft[], y: IncomeYear): void {
  for (const m of members) {
    if (m.healthStatus === 'serious_illness') {
      const cost = rng.between(8000, 60000);
      y.medical += cost;
      y.claim += cost * rng.between(0.1, 0.4);
    } else if (m.healthStatus === 'chronic_illness') y.medical += rng.between(800, 6000);
    else y.medical += rng.chance(0.5) ? rng.between(0, 400) : 0;
    switch (m.schoolStatus) {
      case 'preschool':
        y.schooling += rng.between(1500, 4000);
        break;
      case 'primary':
      case 'junior_secondary':
        y.schooling += rng.between(300, 1500);
        break;
      case 'senior_secondary':
        y.schooling += rng.between(3000, 7000);
        break;
      case 'vocational_secondary':
        y.schooling += rng.between(2000, 5000);
        break;
      case 'higher_vocational':
      case 'undergraduate':
        y.schooling += rng.between(10000, 18000);
        break;
      case 'postgraduate':
        y.schooling += rng.between(12000, 20000);
        break;
      default:
    }
  }
}

/** Scale the earned and received parts of a year by `f`, each component with a little noise of its own. */
export function scaledYear(rng: Rng, y: IncomeYear, f: number): IncomeYear {
  const n = () => f * rng.between(0.94, 1.06);
  const grossF = n();
  return {
    wage: y.wage * n(),
    bizGross: y.bizGross * grossF,
    bizCost: y.bizCost * grossF * rng.between(0.97, 1.03),
    property: y.property * n(),
    transfer: y.transfer * n(),
    assistance: 0,
    medical: 0,
    schooling: 0,
    disaster: 0,
    claim: 0,
  };
}

export const fen = (yuan: number) => Math.max(0, Math.round(yuan * 100));
