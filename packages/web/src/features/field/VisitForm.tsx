import { RiskType, VisitMethod } from '@dixian/core';
import { INCOME_CHANGE, PHOTOS_PER_VISIT, VisitCreateBody, type OfflineHousehold } from '@dixian/core/api';
import { App as AntApp, Card, Checkbox, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { today } from '../../lib/format';
import { BackLink } from './FieldHousehold';
import { householdLabel } from './FieldHome';
import { checkBody, SaveFooter, type FieldIssue } from './form-kit';
import { putPhoto } from './store/photos';
import { enqueue } from './store/records';
import type { VisitItem } from './store/queue-types';
import { useHousehold } from './use-field';
import { PhotoField, PlaceField, usePlace, type Photo, type Place } from './visit-evidence';

const GUARANTEES = [
  ['foodClothingOk', 'field.visit.food'],
  ['educationOk', 'field.visit.education'],
  ['medicalOk', 'field.visit.medical'],
  ['housingOk', 'field.visit.housing'],
  ['waterOk', 'field.visit.water'],
] as const satisfies readonly (readonly [string, MessageKey])[];

interface Draft {
  visitedOn: string;
  method: VisitMethod;
  secure: string[];
  incomeChange?: keyof typeof INCOME_CHANGE;
  newRisks: RiskType[];
  note?: string;
}

/**
 * A visit recorded on the phone (S3 §三(二): 每次走访和排查后,要如实、及时纪实): the three guarantees and water,
 * income change, new risks, a note, photos compressed on the phone and the place when allowed. Saved at once,
 * sent when there is a network.
 */
export function VisitForm() {
  const { id = '' } = useParams();
  const h = useHousehold(id);
  return h ? <VisitFields key={h.id} h={h} /> : null;
}

function VisitFields({ h }: { h: OfflineHousehold }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [errors, setErrors] = useState<(string | FieldIssue)[]>([]);
  const [saving, setSaving] = useState(false);
  const place = usePlace();

  const save = async (d: Draft) => {
    const checked = checkBody(VisitCreateBody, {
      visitedOn: d.visitedOn,
      method: d.method,
      incomeChange: d.incomeChange,
      newRisks: d.newRisks,
      note: d.note?.trim() || undefined,
      location: place.location ?? undefined,
      ...Object.fromEntries(GUARANTEES.map(([k]) => [k, d.secure.includes(k)])),
    });
    if (!checked.ok) return setErrors(checked.errors);
    setSaving(true);
    try {
      const itemId = crypto.randomUUID();
      for (const p of photos) await putPhoto(p.id, itemId, p.blob);
      await enqueue<VisitItem>({
        kind: 'visit',
        id: itemId,
        householdId: h.id,
        householdLabel: householdLabel(h),
        body: checked.body,
        photoIds: photos.map((p) => p.id),
        visitId: null,
        sentPhotoIds: [],
      });
      void message.success(t('field.saved'));
      navigate(`/field/households/${h.id}`);
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setSaving(false);
    }
  };

  const initial: Draft = { visitedOn: today(), method: 'home', secure: GUARANTEES.map(([k]) => k), newRisks: [] };
  return (
    <>
      <BackLink />
      <Card size="small" title={`${t('field.act.visit')} · ${householdLabel(h)}`}>
        <Form<Draft> layout="vertical" initialValues={initial} onFinish={(d) => void save(d)}>
          <DraftFields />
          <Form.Item label={t('field.visit.photos')} extra={t('field.visit.photoLimit', { n: PHOTOS_PER_VISIT })}>
            <PhotoField photos={photos} setPhotos={setPhotos} onError={(m) => setErrors([m])} />
          </Form.Item>
          <Form.Item label={t('field.visit.location')}>
            <PlaceField place={place} />
          </Form.Item>
          <EvidenceHint photos={photos} place={place} />
          <SaveFooter errors={errors} saving={saving} />
        </Form>
      </Card>
    </>
  );
}

function EvidenceHint({ photos, place }: { photos: Photo[]; place: Place }) {
  const { t } = useI18n();
  if (photos.length > 0 || place.location) return null;
  return <Typography.Paragraph type="secondary">{t('field.visit.noEvidenceHint')}</Typography.Paragraph>;
}

function DraftFields() {
  const { t, L, enumLabel } = useI18n();
  return (
    <>
      <Form.Item name="visitedOn" label={t('field.visit.date')}>
        <Input type="date" max={today()} />
      </Form.Item>
      <Form.Item name="method" label={t('field.visit.method')}>
        <Radio.Group>
          {VisitMethod.values.map((v) => (
            <Radio.Button key={v} value={v}>
              {enumLabel(VisitMethod, v)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="secure" label={t('field.visit.guarantees')}>
        <Checkbox.Group options={GUARANTEES.map(([k, label]) => ({ value: k, label: t(label) }))} />
      </Form.Item>
      <Form.Item name="incomeChange" label={t('field.visit.incomeChange')}>
        <Radio.Group>
          {(Object.keys(INCOME_CHANGE) as (keyof typeof INCOME_CHANGE)[]).map((k) => (
            <Radio.Button key={k} value={k}>
              {L(INCOME_CHANGE[k])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="newRisks" label={t('field.visit.newRisks')}>
        <Select mode="multiple" options={RiskType.values.map((r) => ({ value: r, label: enumLabel(RiskType, r) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('field.visit.note')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}
