import national from '../policies/national-2021.json' with { type: 'json' };
import shaanxi from '../policies/shaanxi-county-2024.json' with { type: 'json' };
import type { HouseholdFactsInput } from '../src/household-facts.js';
import {
  mergePolicyBody,
  parsePolicyRecord,
  PolicyBodySchema,
  resolvePolicy,
  type PolicyRecord,
  type ResolvedPolicy,
} from '../src/policy.js';

/** The built-in packs, validated as the server validates them. */
export const BUILTIN: PolicyRecord[] = [
  parsePolicyRecord(national, 'national-2021.json'),
  parsePolicyRecord(shaanxi, 'shaanxi-county-2024.json'),
];

/** A village of 临江市 (S1's city) and one of a 陕西 county (S3). */
export const JILIN_VILLAGE = '220681100201';
export const SHAANXI_VILLAGE = '610424100201';
export const AS_OF = '2024-06-30';

export function policyFor(region = JILIN_VILLAGE, asOf = AS_OF): ResolvedPolicy {
  return resolvePolicy(BUILTIN, region, asOf);
}

/** The national policy with some fields changed, validated like any policy. */
export function policyWith(override: Record<string, unknown>, base: ResolvedPolicy = policyFor()): ResolvedPolicy {
  const { versionLabel, sources, ...body } = base;
  const merged = PolicyBodySchema.parse(mergePolicyBody(body as Record<string, unknown>, override));
  return { ...merged, versionLabel: `${versionLabel} (test override)`, sources };
}

/**
 * A plain rural household of three working-age adults with one 2023 annual record of the given net income
 * (all wage), nothing else wrong. Tests change one fact at a time.
 */
export function household(netFen: number, extra: Partial<HouseholdFactsInput> = {}): HouseholdFactsInput {
  return {
    householdNo: 'T-0001',
    regionCode: JILIN_VILLAGE,
    members: [
      { relation: 'head', sex: 'male', birthDate: '1975-03-01', medicalInsurance: 'resident' },
      { relation: 'spouse', sex: 'female', birthDate: '1977-05-01', medicalInsurance: 'resident' },
      { relation: 'son', sex: 'male', birthDate: '2000-09-01', medicalInsurance: 'resident' },
    ],
    incomes: [{ year: 2023, wageFen: netFen }],
    ...extra,
  };
}

/** A seriously ill spouse: a risk (S1 §四(一)2) without touching income. */
export function withIllness(h: HouseholdFactsInput): HouseholdFactsInput {
  const members = [...(h.members ?? [])];
  members[1] = { ...members[1]!, healthStatus: 'serious_illness' };
  return { ...h, members };
}
