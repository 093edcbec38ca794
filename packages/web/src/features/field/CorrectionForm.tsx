import { HousingSafetyGrade, HousingStructure } from '@dixian/core';
import { HouseholdUpdateBody } from '@dixian/core/api';
import { App as AntApp, Card, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { FIELD_LABELS, valuesOf } from './correction-values';
import { BackLink } from './FieldHousehold';
import { householdLabel } from './FieldHome';
import { checkBody, SaveFooter, type FieldIssue } from './form-kit';
import { enqueue } from './store/records';
import { CORRECTABLE, type CorrectionItem, type CorrectionValues } from './store/queue-types';
import { useHousehold } from './use-field';

/**
 * A registry correction made in the field: the changed fields only, with the version the phone read, so a change
 * made on the server meanwhile comes back as a conflict to compare instead of being overwritten.
 */
export function CorrectionForm() {
  const { id = '' } = useParams();
  const h = useHousehold(id);
  return h ? <CorrectionFields key={h.id} h={h} /> : null;
}

function CorrectionFields({ h }: { h: NonNullable<ReturnType<typeof useHousehold>> }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const base = valuesOf(h);
  const [values, setValues] = useState<CorrectionValues>(base);
  const [errors, setErrors] = useState<(string | FieldIssue)[]>([]);
  const set = (field: keyof CorrectionValues, value: string | boolean | null) =>
    setValues((v) => ({ ...v, [field]: value }));

  const save = async () => {
    const changes: CorrectionValues = {};
    for (const f of CORRECTABLE) {
      const v = typeof values[f] === 'string' ? (values[f] as string).trim() || null : values[f];
      if (v !== base[f]) changes[f] = v;
    }
    if (Object.keys(changes).length === 0) return setErrors([t('field.correct.nothing')]);
    const checked = checkBody(HouseholdUpdateBody, { ...changes, version: h.version });
    if (!checked.ok) return setErrors(checked.errors);
    const itemId = crypto.randomUUID();
    await enqueue<CorrectionItem>({
      kind: 'correction',
      id: itemId,
      householdId: h.id,
      householdLabel: householdLabel(h),
      baseVersion: h.version,
      base: Object.fromEntries(Object.keys(changes).map((f) => [f, base[f as keyof CorrectionValues]])),
      changes,
      server: null,
      requestKey: itemId,
    });
    void message.success(t('field.saved'));
    navigate(`/field/households/${h.id}`);
  };

  const text = (f: 'naturalVillage' | 'address' | 'waterIssue' | 'pairedPartyMember') => (
    <Form.Item key={f} label={t(FIELD_LABELS[f])} htmlFor={`fix-${f}`}>
      <Input id={`fix-${f}`} value={(values[f] as string | null) ?? ''} onChange={(e) => set(f, e.target.value)} />
    </Form.Item>
  );

  return (
    <>
      <BackLink />
      <Card size="small" title={`${t('field.act.correct')} · ${householdLabel(h)}`}>
        <Typography.Paragraph type="secondary">{t('field.correct.hint')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void save()}>
          {text('naturalVillage')}
          {text('address')}
          <HousingFields values={values} set={set} />
          {text('waterIssue')}
          {text('pairedPartyMember')}
          <SaveFooter errors={errors} />
        </Form>
      </Card>
    </>
  );
}

function HousingFields({
  values,
  set,
}: {
  values: CorrectionValues;
  set: (field: keyof CorrectionValues, value: string | boolean | null) => void;
}) {
  const { t, enumLabel } = useI18n();
  return (
    <>
      <Form.Item label={t(FIELD_LABELS.housingStructure)} htmlFor="fix-housingStructure">
        <Select
          id="fix-housingStructure"
          allowClear
          value={values.housingStructure ?? undefined}
          onChange={(v) => set('housingStructure', v ?? null)}
          options={HousingStructure.values.map((v) => ({ value: v, label: enumLabel(HousingStructure, v) }))}
        />
      </Form.Item>
      <Form.Item label={t(FIELD_LABELS.housingSafetyGrade)} htmlFor="fix-housingSafetyGrade">
        <Select
          id="fix-housingSafetyGrade"
          allowClear
          value={values.housingSafetyGrade ?? undefined}
          onChange={(v) => set('housingSafetyGrade', v ?? null)}
          options={HousingSafetyGrade.values.map((v) => ({ value: v, label: enumLabel(HousingSafetyGrade, v) }))}
        />
      </Form.Item>
      <Form.Item label={t(FIELD_LABELS.drinkingWaterSafe)}>
        <Radio.Group
          value={values.drinkingWaterSafe}
          onChange={(e) => set('drinkingWaterSafe', e.target.value as boolean)}
        >
          <Radio.Button value={true}>{t('field.yes')}</Radio.Button>
          <Radio.Button value={false}>{t('field.no')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
    </>
  );
}
