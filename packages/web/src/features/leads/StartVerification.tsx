import type { CaseDetail, LeadView } from '@dixian/core/api';
import { StartVerificationBody } from '@dixian/core/api';
import { Form, Modal, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

/** Open the case of a lead's household (立案核实), from the leads list or a warning. */
/**
 * Open the case of a lead (立案入户核实, S1 §四(二)): the village cadre's first step. A lead about someone not in
 * the registry names the household registered for them since.
 */
export function StartVerification({ lead, onClose }: { lead: LeadView; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof StartVerificationBody, { householdId?: string }>(StartVerificationBody, {
    toBody: (v) => ({ version: lead.version, householdId: lead.householdId ? undefined : v.householdId }) as never,
  });
  return (
    <Modal
      open
      title={t('lead.startVerification')}
      onCancel={onClose}
      okText={t('lead.startVerification')}
      confirmLoading={zf.submitting}
      onOk={() => zf.form.submit()}
    >
      <Form
        form={zf.form}
        layout="vertical"
        onFinish={zf.submit(async (body) => {
          const detail = await api.post<CaseDetail>(`/api/leads/${lead.id}/start-verification`, body);
          await refresh();
          onClose();
          navigate(`/cases/${detail.case.id}`);
        })}
      >
        <FormErrors zf={zf} />
        <Typography.Paragraph>{t('lead.startHint', { date: lead.identificationDueOn ?? '—' })}</Typography.Paragraph>
        {lead.householdId ? null : (
          <Form.Item
            name="householdId"
            label={t('lead.registeredSince')}
            rules={zf.rules('householdId', [{ required: true, message: t('form.required') }])}
          >
            <HouseholdSelect />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
