import { PolicyBodySchema } from '@dixian/core';
import { PolicyDraftBody, type PolicyDraftView, type PolicyResolvedView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Form, Input, Row, Space, Spin } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, zodErrorMap } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { getPath, POLICY_PARAMS, setPath } from '../../i18n/labels';
import { useIsPhone } from '../../lib/responsive';
import { today } from '../../lib/format';
import { deepMerge, fromForm, ParamGroups, toForm } from '../policy/PolicyVersionDrawer';

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

/** The draft's schema, with the merged policy checked against core's schema at the fields that break it. */
function useDraftSchema(baseBody: Json, lang: 'zh' | 'en') {
  return useMemo(
    () =>
      PolicyDraftBody.superRefine((v, ctx) => {
        const r = PolicyBodySchema.safeParse(deepMerge(baseBody, v.body), { error: zodErrorMap(lang) });
        if (!r.success)
          for (const issue of r.error.issues)
            ctx.addIssue({
              code: 'custom',
              path: ['body', ...issue.path.filter((x) => typeof x !== 'symbol')],
              message: issue.message,
            });
      }),
    [baseBody, lang],
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
  const schema = useDraftSchema(base.body, lang);
  const zf = useZodForm<typeof schema, Values>(schema, {
    toBody: (v) => {
      const overrides: Json = {};
      for (const p of POLICY_PARAMS) {
        const value = fromForm(p, getPath(v.body, p.path));
        if (value === undefined) continue;
        if (JSON.stringify(value) !== JSON.stringify(getPath(base.body, p.path))) setPath(overrides, p.path, value);
      }
      return { name: v.name ?? '', regionPrefix: v.regionPrefix ?? '', body: overrides };
    },
  });
  const initialValues = useMemo(() => {
    const body: Json = {};
    for (const p of POLICY_PARAMS) setPath(body, p.path, toForm(p, getPath(start, p.path)));
    return { name: draft?.name, regionPrefix: draft?.regionPrefix ?? base.regionCode, body };
  }, [start, draft, base.regionCode]);
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
