import { PolicyDraftBody, type PolicyDraftView, type PolicyResolvedView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Form, Input, Row, Space, Spin } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { FormErrors } from '../../forms/FormErrors';
import { deepMerge, paramOverrides, paramValues, withMergedPolicyCheck } from '../../features/policy/policy-form';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';
import { today } from '../../lib/format';
import { ParamGroups } from '../policy/PolicyVersionDrawer';

type Json = Record<string, unknown>;
interface Values {
  name?: string;
  regionPrefix?: string;
  body?: Json;
}

/**
 * Write or change a policy draft (issue 20 §1): the same parameters as a new version, starting from the policy in
 * force in the area, plus the draft's changes when it is edited. Only the parameters that differ from the policy in
 * force are kept; the merged policy is checked with core's schema before sending, as the server checks it.
 */
export function DraftDrawer({
  area,
  draft,
  onClose,
}: {
  area: string;
  draft?: PolicyDraftView | undefined;
  onClose: () => void;
}) {
  const region = draft?.regionPrefix ?? area;
  const base = useQuery({
    queryKey: ['policies', 'resolved', region, today()],
    queryFn: () => api.get<PolicyResolvedView>('/api/policies/resolved', { region, date: today() }),
  });
  const { t } = useI18n();
  const phone = useIsPhone();
  return (
    <Drawer
      open
      onClose={onClose}
      title={draft ? t('scenario.editDraft') : t('scenario.newDraft')}
      width={phone ? '100%' : 720}
      destroyOnHidden
    >
      {base.data ? <DraftForm base={base.data} draft={draft} onClose={onClose} /> : <Spin />}
    </Drawer>
  );
}

function DraftForm({
  base,
  draft,
  onClose,
}: {
  base: PolicyResolvedView;
  draft?: PolicyDraftView | undefined;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const start = useMemo(() => deepMerge(base.body, draft?.body ?? {}) as Json, [base.body, draft]);
  const schema = useMemo(() => withMergedPolicyCheck(PolicyDraftBody, base.body, lang), [base.body, lang]);
  const zf = useZodForm<typeof schema, Values>(schema, {
    toBody: (v) => ({
      name: v.name ?? '',
      regionPrefix: v.regionPrefix ?? '',
      body: paramOverrides(base.body, v.body),
    }),
  });
  const initialValues = useMemo(
    () => ({ name: draft?.name, regionPrefix: draft?.regionPrefix ?? base.regionCode, body: paramValues(start) }),
    [start, draft, base.regionCode],
  );
  return (
    <>
      <Alert type="info" showIcon message={t('scenario.draftHint')} style={{ marginBottom: 16 }} />
      <FormErrors zf={zf} />
      <Form
        form={zf.form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={zf.submit(async (body) => {
          if (draft) await api.put<PolicyDraftView>(`/api/policy-drafts/${draft.id}`, body);
          else await api.post<PolicyDraftView>('/api/policy-drafts', body);
          void queryClient.invalidateQueries({ queryKey: ['policy-drafts'] });
          message.success(t('scenario.draftSaved'));
          onClose();
        })}
      >
        <Row gutter={12}>
          <Col xs={24} md={14}>
            <Form.Item name="name" label={t('scenario.draftName')} rules={zf.rules('name')}>
              <Input data-testid="draft-name" placeholder={t('scenario.draftNamePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="regionPrefix" label={t('scenario.draftRegion')} rules={zf.rules('regionPrefix')}>
              <RegionPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <ParamGroups zf={zf} />
        <Space style={{ marginTop: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={zf.submitting} htmlType="submit" data-testid="draft-submit">
            {t('common.save')}
          </Button>
        </Space>
      </Form>
    </>
  );
}
