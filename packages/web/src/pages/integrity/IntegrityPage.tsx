import { PlusOutlined } from '@ant-design/icons';
import { IntegrityKind } from '@dixian/core';
import {
  IntegrityCreateBody,
  IntegrityListQuery,
  IntegrityRecoveredBody,
  IntegrityRemoveBody,
  type IntegrityPage as Page,
  type IntegrityView,
} from '@dixian/core/api';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useHousehold } from '../../api/queries';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { ListPage, useList } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { money, yuanToFen } from '../../lib/format';
import { FormSelect } from '../assistance/IncomeAssessment';

type Action = { r: IntegrityView; kind: 'recovered' | 'remove' } | null;

function useColumns(onAction: (a: Action) => void): Column<IntegrityView>[] {
  const { t, enumLabel, lang } = useI18n();
  const session = useSignedIn();
  return [
    {
      key: 'who',
      title: t('integrity.who'),
      card: 'title',
      render: (r) => (
        <Link to={`/households/${r.householdId}`}>{r.memberName ?? r.headName ?? r.householdNo ?? '—'}</Link>
      ),
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      render: (r) =>
        r.active ? (
          <Tag color="red">{t('integrity.active')}</Tag>
        ) : (
          <Tag>{t('integrity.removedOn', { date: r.removedOn ?? '' })}</Tag>
        ),
    },
    { key: 'kind', title: t('integrity.kind'), render: (r) => enumLabel(IntegrityKind, r.kind) },
    { key: 'reason', title: t('integrity.reason'), render: (r) => r.reason },
    { key: 'village', title: t('registry.village'), render: (r) => r.regionName ?? '—' },
    { key: 'decided', title: t('integrity.decidedOn'), render: (r) => r.decidedOn },
    {
      key: 'recovery',
      title: t('integrity.recovery'),
      align: 'right',
      render: (r) =>
        r.recoveryFen ? `${money(r.recoveredFen, lang)} / ${money(r.recoveryFen, lang)}` : t('integrity.noRecovery'),
    },
    {
      key: 'actions',
      title: t('plan.actions'),
      fixed: 'right',
      render: (r) =>
        session.can('integrity.manage') && r.active ? (
          <Space wrap size={4}>
            {r.recoveredFen < r.recoveryFen ? (
              <Button size="small" onClick={() => onAction({ r, kind: 'recovered' })}>
                {t('integrity.recordRecovery')}
              </Button>
            ) : null}
            <Button size="small" onClick={() => onAction({ r, kind: 'remove' })} data-testid="integrity-remove">
              {t('integrity.remove')}
            </Button>
          </Space>
        ) : (
          '—'
        ),
    },
  ];
}

/**
 * 失信名单 (S0 plan one 三; S2 §二(三)12): who is on the list and why, what is to be returned and what was, and
 * the removal; a township or county officer lists a household, which stops its 低保 and 特困 the same day.
 */
export function IntegrityPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const state = useList<typeof IntegrityListQuery, Page>(IntegrityListQuery, '/api/integrity', ['integrity', 'list']);
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const columns = useColumns(setAction);
  return (
    <>
      <ListPage
        title={t('integrity.title')}
        state={state}
        schema={IntegrityListQuery}
        columns={columns}
        rowKey={(r) => r.id}
        filters={{
          fields: ['kind', 'region'],
          labels: { kind: t('integrity.kind'), region: t('registry.area') },
        }}
        actions={
          session.can('integrity.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('integrity.add')}
            </Button>
          ) : null
        }
        exportName="integrity.xlsx"
        empty={t('integrity.empty')}
      />
      <SheetDrawer open={adding} onClose={() => setAdding(false)} title={t('integrity.add')} width={520}>
        <AddForm onDone={() => setAdding(false)} />
      </SheetDrawer>
      <SheetDrawer
        open={!!action}
        onClose={() => setAction(null)}
        title={action ? t(action.kind === 'remove' ? 'integrity.remove' : 'integrity.recordRecovery') : ''}
        width={480}
      >
        {action ? <ActionForm action={action} onDone={() => setAction(null)} /> : null}
      </SheetDrawer>
    </>
  );
}

type AddValues = Omit<z.input<typeof IntegrityCreateBody>, 'recoveryFen'> & { recoveryYuan?: number };

function AddForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof IntegrityCreateBody, AddValues>(IntegrityCreateBody, {
    toBody: ({ recoveryYuan, ...v }) =>
      ({ ...v, ...(recoveryYuan ? { recoveryFen: yuanToFen(recoveryYuan) } : {}) }) as never,
    fieldOf: (p) => (p[0] === 'recoveryFen' ? ['recoveryYuan'] : p),
  });
  const householdId = Form.useWatch('householdId', zf.form) as string | undefined;
  const household = useHousehold(householdId);
  const members = useMemo(
    () => (household.data?.members ?? []).map((m) => ({ value: m.id, label: m.name })),
    [household.data],
  );
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{ decidedOn: dayjs(), stopAssistance: true }}
      onFinish={zf.submit(async (body) => {
        await api.post('/api/integrity', body);
        message.success(t('integrity.added'));
        await refresh();
        onDone();
      })}
      data-testid="integrity-add"
    >
      <FormErrors zf={zf} />
      <Form.Item name="householdId" label={t('lead.household')} rules={zf.rules('householdId')}>
        <HouseholdSelect />
      </Form.Item>
      <Form.Item name="memberId" label={t('integrity.person')} extra={t('integrity.personHint')}>
        <FormSelect allowClear options={members} disabled={!householdId} />
      </Form.Item>
      <Form.Item name="kind" label={t('integrity.kind')} rules={zf.rules('kind')}>
        <EnumSelect enumDef={IntegrityKind} style={{ width: '100%' }} allowClear={false} />
      </Form.Item>
      <Form.Item name="reason" label={t('integrity.reason')} rules={zf.rules('reason')}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('integrity.decidedOn')} rules={zf.rules('decidedOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="recoveryYuan" label={t('integrity.recoveryDue')}>
        <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter={t('common.yuan')} />
      </Form.Item>
      <Form.Item name="stopAssistance" valuePropName="checked">
        <Checkbox>{t('integrity.stopAssistance')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

function ActionForm({ action: { r, kind }, onDone }: { action: NonNullable<Action>; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const schema = kind === 'remove' ? IntegrityRemoveBody : IntegrityRecoveredBody;
  const zf = useZodForm<z.ZodType, Record<string, unknown>>(schema, {
    toBody: ({ amountYuan, ...v }) =>
      ({
        ...v,
        version: r.version,
        ...(amountYuan ? { amountFen: yuanToFen(amountYuan as number) } : {}),
      }) as never,
    fieldOf: (p) => (p[0] === 'amountFen' ? ['amountYuan'] : p),
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={kind === 'remove' ? { removedOn: dayjs() } : {}}
      onFinish={zf.submit(async (body) => {
        await api.post(`/api/integrity/${r.id}/${kind}`, body);
        message.success(t('assistance.saved'));
        await refresh();
        onDone();
      })}
      data-testid={`integrity-${kind}-form`}
    >
      <FormErrors zf={zf} />
      <Typography.Paragraph type="secondary">
        {r.reason} · {money(r.recoveredFen, lang)} / {money(r.recoveryFen, lang)}
      </Typography.Paragraph>
      {kind === 'remove' ? (
        <>
          <Form.Item name="removedOn" label={t('integrity.removedOnLabel')} rules={zf.rules('removedOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="reason" label={t('integrity.removalReason')} rules={zf.rules('reason')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="amountYuan"
          label={t('integrity.returned')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} addonAfter={t('common.yuan')} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}
