import type { MemberView } from '@dixian/core/api';
import dayjs from 'dayjs';
import { normalizeValues } from '../../forms/zod-form';

/** Presets of "add a member" for the life events that bring one (出生, 婚入, 迁入). */
export type AddPreset = 'birth' | 'marriageIn' | 'moveIn';

export function presetValues(preset: AddPreset): Record<string, unknown> {
  const counted = { registeredHere: true, livesAndShares: true };
  if (preset === 'birth') {
    return {
      ...counted,
      healthStatus: 'healthy',
      laborCapacity: 'none',
      schoolStatus: 'preschool_age',
      birthDate: dayjs(),
    };
  }
  return { ...counted, healthStatus: 'healthy', relation: preset === 'marriageIn' ? 'spouse' : undefined };
}

/** Fields shown masked (ID number, birth day, illness, phone) start empty: left empty they stay as stored. */
const MASKED = new Set(['idNumber', 'birthDate', 'disease', 'phone']);

export function editValues(m: MemberView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (MASKED.has(k) || v === null) continue;
    out[k] = v;
  }
  return out;
}

/** Only what the user changed, so a masked or untouched field is never sent back. */
export function changedFields(initial: Record<string, unknown>, values: Record<string, unknown>) {
  const now = normalizeValues(values) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(now)) {
    if (JSON.stringify(v) !== JSON.stringify(initial[k])) out[k] = v;
  }
  // a field emptied by the user (allowClear) is sent as null where the schema allows it
  for (const k of Object.keys(initial)) {
    if (!(k in now) && !MASKED.has(k) && initial[k] !== null && typeof initial[k] !== 'boolean') out[k] = null;
  }
  return out;
}
