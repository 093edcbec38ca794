import { RiskType } from '@dixian/core';
import { LeadCreateBody } from '@dixian/core/api';
import { App as AntApp, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';
import { BackLink } from './FieldHousehold';
import { householdLabel } from './FieldHome';
import { checkBody, DayItem, SaveFooter, type FieldIssue } from './form-kit';
import { enqueue } from './store/records';
import type { LeadItem } from './store/queue-types';
import { useHousehold } from './use-field';

/** A risk found in the field, reported as a cadre-screening lead (S1 §四(二)2), queued like a visit. */
export function LeadForm() {
  const { id = '' } = useParams();
  const { t, enumLabel } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const h = useHousehold(id);
  const [riskTypes, setRiskTypes] = useState<RiskType[]>([]);
  const [description, setDescription] = useState('');
  const [discoveredOn, setDiscoveredOn] = useState(today());
  const [errors, setErrors] = useState<(string | FieldIssue)[]>([]);

  const save = async () => {
    if (!h) return;
    const checked = checkBody(LeadCreateBody, {
      channel: 'cadre_screening',
      subChannel: 'visit',
      householdId: h.id,
      riskTypes,
      description: description.trim() || undefined,
      discoveredOn,
    });
    if (!checked.ok) return setErrors(checked.errors);
    if (riskTypes.length === 0 && !description.trim()) return setErrors([t('field.lead.nothing')]);
    await enqueue<LeadItem>({
      kind: 'lead',
      id: crypto.randomUUID(),
      householdId: h.id,
      householdLabel: householdLabel(h),
      body: checked.body,
    });
    void message.success(t('field.saved'));
    navigate(`/field/households/${h.id}`);
  };

  if (!h) return null;
  return (
    <>
      <BackLink />
      <Card size="small" title={`${t('field.act.lead')} · ${householdLabel(h)}`}>
        <Form layout="vertical" onFinish={() => void save()}>
          <Form.Item label={t('field.lead.risks')} htmlFor="lead-risks">
            <Select
              id="lead-risks"
              mode="multiple"
              value={riskTypes}
              onChange={setRiskTypes}
              options={RiskType.values.map((r) => ({ value: r, label: enumLabel(RiskType, r) }))}
            />
          </Form.Item>
          <Form.Item label={t('field.lead.description')} htmlFor="lead-description">
            <Input.TextArea
              id="lead-description"
              rows={3}
              maxLength={2000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Form.Item>
          <DayItem
            id="lead-date"
            label={t('field.lead.discoveredOn')}
            value={discoveredOn}
            onChange={setDiscoveredOn}
          />
          <SaveFooter errors={errors} />
        </Form>
      </Card>
    </>
  );
}
