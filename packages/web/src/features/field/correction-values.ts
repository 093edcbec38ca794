import { HousingSafetyGrade, HousingStructure } from '@dixian/core';
import type { OfflineHousehold } from '@dixian/core/api';
import type { I18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CORRECTABLE, type Correctable, type CorrectionValues } from './store/queue-types';

export const FIELD_LABELS: Record<Correctable, MessageKey> = {
  naturalVillage: 'field.f.naturalVillage',
  address: 'field.f.address',
  housingStructure: 'field.f.housingStructure',
  housingSafetyGrade: 'field.f.housingSafetyGrade',
  drinkingWaterSafe: 'field.f.drinkingWaterSafe',
  waterIssue: 'field.f.waterIssue',
  pairedPartyMember: 'field.f.pairedPartyMember',
};

export function valuesOf(h: OfflineHousehold): CorrectionValues {
  return Object.fromEntries(CORRECTABLE.map((f) => [f, h[f]])) as CorrectionValues;
}

/** A correctable value as an officer reads it: labels for codes, 是/否 for yes-no, (空) for nothing. */
export function showValue(i18n: Pick<I18n, 't' | 'enumLabel'>, field: Correctable, value: unknown): string {
  if (value === null || value === undefined || value === '') return i18n.t('field.empty');
  if (typeof value === 'boolean') return i18n.t(value ? 'field.yes' : 'field.no');
  if (field === 'housingStructure') return i18n.enumLabel(HousingStructure, value as HousingStructure);
  if (field === 'housingSafetyGrade') return i18n.enumLabel(HousingSafetyGrade, value as HousingSafetyGrade);
  return String(value);
}
