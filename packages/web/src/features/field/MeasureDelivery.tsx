import { MEASURE_STATUS_NEXT, MeasureStatus, MeasureType } from '@dixian/core';
import { LEAFLET_LABELS, MeasureStatusBody, PublicityDeliveryBody, type Leaflet } from '@dixian/core/api';
import { App as AntApp, Card, Form, Input, Radio, Result, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';
import { BackLink } from './FieldHousehold';
import { householdLabel } from './FieldHome';
import { checkBody, DayItem, SaveFooter, type FieldIssue } from './form-kit';
import { enqueue } from './store/records';
import type { DeliveryItem, MeasureItem } from './store/queue-types';
import { useHousehold } from './use-field';

/** A measure's progress seen in the field (planned → implementing → done, or stopped), queued with its version. */
export function MeasureForm() {
  const { id = '', measureId = '' } = useParams();
  const { t, enumLabel } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const h = useHousehold(id);
  const m = h?.measures.find((x) => x.id === measureId);
  const [status, setStatus] = useState<MeasureStatus | undefined>();
  const [on, setOn] = useState(today());
  const [errors, setErrors] = useState<(string | FieldIssue)[]>([]);
  if (!h) return null;
  if (!m) return <Result status="info" title={t('field.notOnPhone')} extra={<BackLink to="../.." />} />;
  const next = MEASURE_STATUS_NEXT[m.status];

  const save = async () => {
    const checked = checkBody(MeasureStatusBody, { status, version: m.version, on });
    if (!checked.ok) return setErrors(checked.errors);
    const itemId = crypto.randomUUID();
    await enqueue<MeasureItem>({
      kind: 'measure',
      id: itemId,
      requestKey: itemId,
      baseStatus: m.status,
      server: null,
      householdId: h.id,
      householdLabel: householdLabel(h),
      planId: m.planId,
      measureId: m.id,
      measureLabel: enumLabel(MeasureType, m.type),
      body: checked.body,
    });
    void message.success(t('field.saved'));
    navigate(`/field/households/${h.id}`);
  };

  return (
    <>
      <BackLink to="../.." />
      <Card size="small" title={`${t('field.act.measure')} · ${enumLabel(MeasureType, m.type)}`}>
        <Typography.Paragraph type="secondary">
          {householdLabel(h)} · {enumLabel(MeasureStatus, m.status)}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void save()}>
          <Form.Item label={t('field.measure.status')}>
            <Radio.Group value={status} onChange={(e) => setStatus(e.target.value as MeasureStatus)}>
              {next.map((s) => (
                <Radio.Button key={s} value={s}>
                  {enumLabel(MeasureStatus, s)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <DayItem id="measure-on" label={t('field.measure.on')} value={on} onChange={setOn} />
          <SaveFooter errors={errors} disabled={next.length === 0} />
        </Form>
      </Card>
    </>
  );
}

/** A 明白纸 handed over at the door (S3 §三(二)), with the signed receipt's number. */
export function DeliveryForm() {
  const { id = '' } = useParams();
  const { t, L } = useI18n();
  const { user } = useSignedIn();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const h = useHousehold(id);
  const [leaflet, setLeaflet] = useState<Leaflet>('assistance_policy');
  const [deliveredOn, setDeliveredOn] = useState(today());
  const [deliveredBy, setDeliveredBy] = useState(user.displayName);
  const [signatureRef, setSignatureRef] = useState('');
  const [errors, setErrors] = useState<(string | FieldIssue)[]>([]);
  if (!h) return null;

  const save = async () => {
    const checked = checkBody(PublicityDeliveryBody, {
      householdId: h.id,
      leaflet,
      deliveredOn,
      deliveredBy: deliveredBy.trim(),
      signatureRef: signatureRef.trim() || null,
    });
    if (!checked.ok) return setErrors(checked.errors);
    await enqueue<DeliveryItem>({
      kind: 'delivery',
      id: crypto.randomUUID(),
      householdId: h.id,
      householdLabel: householdLabel(h),
      body: checked.body,
    });
    void message.success(t('field.saved'));
    navigate(`/field/households/${h.id}`);
  };

  return (
    <>
      <BackLink />
      <Card size="small" title={`${t('field.act.delivery')} · ${householdLabel(h)}`}>
        <Form layout="vertical" onFinish={() => void save()}>
          <Form.Item label={t('field.delivery.leaflet')}>
            <Radio.Group value={leaflet} onChange={(e) => setLeaflet(e.target.value as Leaflet)}>
              {(Object.keys(LEAFLET_LABELS) as Leaflet[]).map((k) => (
                <Radio.Button key={k} value={k}>
                  {L(LEAFLET_LABELS[k])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <DayItem id="delivery-on" label={t('field.delivery.on')} value={deliveredOn} onChange={setDeliveredOn} />
          <Form.Item label={t('field.delivery.by')} htmlFor="delivery-by">
            <Input id="delivery-by" value={deliveredBy} onChange={(e) => setDeliveredBy(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('field.delivery.receipt')} htmlFor="delivery-receipt">
            <Input id="delivery-receipt" value={signatureRef} onChange={(e) => setSignatureRef(e.target.value)} />
          </Form.Item>
          <SaveFooter errors={errors} />
        </Form>
      </Card>
    </>
  );
}
