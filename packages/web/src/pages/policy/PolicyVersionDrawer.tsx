import { PolicyBodySchema } from '@dixian/core';
import { PolicyCreateBody, type PolicyRecordView, type PolicyResolvedView } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { FormErrors } from '../../forms/FormErrors';
import { fromForm, paramOverrides, paramValues, withMergedPolicyCheck } from '../../features/policy/policy-form';
import { schemaAt, useZodForm, zodRule } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { POLICY_GROUPS, type PolicyParam } from '../../i18n/labels';
import { useIsPhone } from '../../lib/responsive';
import { today } from '../../lib/format';

type Json = Record<string, unknown>;

interface Values {
  regionPrefix?: string;
  year?: number;
  effectiveFrom?: Dayjs | string;
  docNo?: string;
  docTitle?: string;
  body?: Json;
}

/** The input of one parameter by its unit. Form.Item injects value/onChange (or checked) here: pass them on. */
function ParamInput({ p, ...field }: { p: PolicyParam } & Record<string, unknown>) {
  if (p.unit === 'bool') return <Switch {...field} />;
  if (p.unit === 'grades')
    return (
      <Select
        {...field}
        mode="multiple"
        options={['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: g }))}
        style={{ width: '100%' }}
      />
    );
  if (p.unit === 'fen') return <InputNumber {...field} min={0} precision={2} step={100} style={{ width: '100%' }} />;
  if (p.unit === 'ratio') return <InputNumber {...field} min={0} step={0.05} style={{ width: '100%' }} />;
  return <InputNumber {...field} min={0} precision={0} style={{ width: '100%' }} />;
}

type Zf = Pick<ReturnType<typeof useZodForm<typeof PolicyCreateBody, Values>>, 'rules'>;
/** Any form with the policy parameters under `body` (a new version or a draft). */
export type ParamForm = { rules: Zf['rules'] };

/** The new record's area, year, day in force and document. */
function RecordFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name="regionPrefix" label={t('policy.regionPrefix')} rules={zf.rules('regionPrefix')}>
          <RegionPicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="year" label={t('policy.year')} rules={zf.rules('year')}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="effectiveFrom" label={t('policy.effectiveFrom')} rules={zf.rules('effectiveFrom')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="docNo" label={t('policy.docNo')} rules={zf.rules('docNo')}>
          <Input data-testid="policy-docNo" />
        </Form.Item>
      </Col>
      <Col xs={24} md={16}>
        <Form.Item name="docTitle" label={t('policy.docTitle')} rules={zf.rules('docTitle')}>
          <Input data-testid="policy-docTitle" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Every parameter, group by group, each checked while typing against its part of core's schema. */
export function ParamGroups({ zf }: { zf: ParamForm }) {
  const { t, L, lang } = useI18n();
  /** While typing: the one parameter against its part of core's schema, in policy units. */
  const paramRules = (p: PolicyParam) => {
    const part = schemaAt(PolicyBodySchema, p.path.split('.'));
    return [
      { required: true, message: t('form.required') },
      ...(part ? [zodRule(part, lang, (v) => fromForm(p, v))] : []),
    ];
  };
  return (
    <>
      {POLICY_GROUPS.map((g) => (
        <div key={g.key}>
          <Typography.Title level={3} style={{ fontSize: 14 }}>
            {L(g.label)}
          </Typography.Title>
          <Row gutter={12}>
            {g.params.map((p) => {
              const name = ['body', ...p.path.split('.')];
              return (
                <Col xs={24} md={12} key={p.path}>
                  <Form.Item
                    name={name}
                    label={L(p.label)}
                    rules={zf.rules(name, paramRules(p))}
                    valuePropName={p.unit === 'bool' ? 'checked' : 'value'}
                    data-testid={`param-${p.path}`}
                  >
                    <ParamInput p={p} />
                  </Form.Item>
                </Col>
              );
            })}
          </Row>
        </div>
      ))}
    </>
  );
}

/**
 * Publish a new policy version (county administrators). The form starts from the policy in force; only the
 * parameters changed are sent as the new record's body. Before sending, the merged policy is checked with core's
 * PolicyBodySchema, the schema the server uses; the server's own errors land beside the same fields.
 */
export function PolicyVersionDrawer({ base, onClose }: { base: PolicyResolvedView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  const schema = useMemo(() => withMergedPolicyCheck(PolicyCreateBody, base.body, lang), [base.body, lang]);

  const zf = useZodForm<typeof schema, Values>(schema, {
    toBody: (v) => ({
      regionPrefix: v.regionPrefix ?? '',
      year: v.year as number,
      effectiveFrom: v.effectiveFrom as string,
      docNo: v.docNo ?? '',
      docTitle: v.docTitle ?? '',
      body: paramOverrides(base.body, v.body),
    }),
  });

  const initialValues = useMemo(
    () => ({
      regionPrefix: base.regionCode,
      year: Number(today().slice(0, 4)),
      effectiveFrom: dayjs(today()),
      body: paramValues(base.body),
    }),
    [base],
  );

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('policy.addTitle')}
      width={phone ? '100%' : 720}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={zf.submitting} onClick={() => zf.form.submit()} data-testid="policy-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon message={t('policy.addHint')} style={{ marginBottom: 16 }} />
      <FormErrors zf={zf} />
      <Form
        form={zf.form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={zf.submit(async (body) => {
          const r = await api.post<PolicyRecordView>('/api/policies', body);
          void queryClient.invalidateQueries({ queryKey: ['policies'] });
          message.success(t('policy.created', { label: `${r.regionPrefix} ${r.year} v${r.version}` }));
          onClose();
        })}
      >
        <RecordFields zf={zf} />
        <ParamGroups zf={zf} />
      </Form>
    </Drawer>
  );
}
