import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { LedgerAction, LedgerItemStatus, LedgerKind, RectificationArea } from '@dixian/core';
import {
  LedgerActionBody,
  LedgerCreateBody,
  LedgerListQuery,
  type LedgerItemView,
  type LedgerPage,
} from '@dixian/core/api';
import {
  App,
  Badge,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { RegionPicker } from '../../components/RegionPicker';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { CampaignPhases } from './CampaignPhases';

const STATUS_COLORS: Record<LedgerItemStatus, string> = {
  open: 'orange',
  rectifying: 'processing',
  verified: 'cyan',
  closed: 'success',
};

type ActionSchema = (typeof LedgerActionBody.options)[number];

/** The branch of LedgerActionBody for one step, so its form validates exactly that step's fields. */
function actionSchema(action: LedgerAction): ActionSchema {
  return LedgerActionBody.options.find((o) => o.shape.action.value === action)!;
}

type Zf = ReturnType<typeof useZodForm<z.ZodType, Record<string, unknown>>>;

function initialValues(item: LedgerItemView, action: LedgerAction): Record<string, unknown> {
  if (action === 'start')
    return { plan: item.plan ?? undefined, deadline: item.deadline ? dayjs(item.deadline) : undefined };
  if (action === 'record_rectification') return { evidence: [{}] };
  return action === 'verify' ? { passed: true } : {};
}

/** The evidence of a rectification: what it is and where it is kept, one card each. */
function EvidenceList({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <Form.List name="evidence">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              style={{ marginBottom: 8 }}
              title={t('ledger.evidenceN', { n: i + 1 })}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('plan.delete')}
                  onClick={() => remove(f.name)}
                />
              }
            >
              <Form.Item
                name={[f.name, 'description']}
                label={t('ledger.evidenceWhat')}
                rules={zf.rules(['evidence', f.name, 'description'])}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name={[f.name, 'ref']}
                label={t('ledger.evidenceRef')}
                rules={zf.rules(['evidence', f.name, 'ref'])}
                style={{ marginBottom: 0 }}
              >
                <Input />
              </Form.Item>
            </Card>
          ))}
          <Button block icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
            {t('ledger.addEvidence')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The fields of one step. */
function ActionFields({ action, zf }: { action: LedgerAction; zf: Zf }) {
  const { t } = useI18n();
  const text = (name: string, label: string, rows = 3, max = 2000) => (
    <Form.Item name={name} label={label} rules={zf.rules(name)}>
      <Input.TextArea rows={rows} maxLength={max} />
    </Form.Item>
  );
  if (action === 'start')
    return (
      <>
        {text('plan', t('ledger.plan'))}
        <Form.Item name="deadline" label={t('ledger.deadline')} rules={zf.rules('deadline')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
      </>
    );
  if (action === 'record_rectification')
    return (
      <>
        {text('rectification', t('ledger.rectification'))}
        <EvidenceList zf={zf} />
      </>
    );
  if (action === 'verify')
    return (
      <>
        <Form.Item name="passed" label={t('ledger.verifyResult')} rules={zf.rules('passed')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value={true}>{t('ledger.passed')}</Radio.Button>
            <Radio.Button value={false}>{t('ledger.notPassed')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {text('note', t('ledger.verifyNote'))}
      </>
    );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('ledger.closeHint')}</Typography.Paragraph>
      {text('note', t('step.note'), 2, 1000)}
    </>
  );
}

/** One step of an item: start (plan, deadline), record the rectification with evidence, verify, close (销号). */
function ActionForm({ item, action, onDone }: { item: LedgerItemView; action: LedgerAction; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const schema = useMemo(() => actionSchema(action), [action]) as z.ZodType;
  const zf = useZodForm<z.ZodType, Record<string, unknown>>(schema, {
    toBody: (v) => ({ ...v, action, version: item.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={initialValues(item, action)}
      onFinish={zf.submit(async (body) => {
        await api.post<LedgerItemView>(`/api/ledgers/${item.id}/actions`, body);
        message.success(t('ledger.stepDone'));
        await refresh();
        onDone();
      })}
      data-testid={`ledger-form-${action}`}
    >
      <FormErrors zf={zf} />
      <ActionFields action={action} zf={zf} />
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t(`ledger.action.${action}`)}
      </Button>
    </Form>
  );
}

/** A new ledger item: a screening task, a suspected issue or a rectification record of one of the eight areas. */
function CreateForm({ ledger, onDone }: { ledger: LedgerKind; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof LedgerCreateBody, Record<string, unknown>>(LedgerCreateBody, {
    toBody: (v) => ({ ...v, ledger }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      onFinish={zf.submit(async (body) => {
        await api.post<LedgerItemView>('/api/ledgers', body);
        message.success(t('ledger.created'));
        await refresh();
        onDone();
      })}
      data-testid="ledger-create"
    >
      <FormErrors zf={zf} />
      <Form.Item name="area" label={t('ledger.area')} rules={zf.rules('area')}>
        <EnumSelect enumDef={RectificationArea} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('ledger.region')} rules={zf.rules('regionCode')}>
        <RegionPicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="householdId" label={t('ledger.household')} rules={zf.rules('householdId')}>
        <HouseholdSelect />
      </Form.Item>
      <Form.Item name="title" label={t('ledger.itemTitle')} rules={zf.rules('title')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('ledger.description')} rules={zf.rules('description')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="plan" label={t('ledger.plan')} rules={zf.rules('plan')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="deadline" label={t('ledger.deadline')} rules={zf.rules('deadline')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('ledger.create')}
      </Button>
    </Form>
  );
}

/** An item with everything recorded on it: plan, rectification and its evidence, verification, 销号. */
function ItemDetail({ item }: { item: LedgerItemView }) {
  const { t, enumLabel } = useI18n();
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('ledger.area')}>{enumLabel(RectificationArea, item.area)}</Descriptions.Item>
      <Descriptions.Item label={t('ledger.region')}>{item.regionName ?? item.regionCode}</Descriptions.Item>
      {item.householdId ? (
        <Descriptions.Item label={t('ledger.household')}>
          <Link to={`/households/${item.householdId}`}>
            {item.headName ?? ''} {item.householdNo}
          </Link>
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('ledger.description')}>{item.description ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('ledger.plan')}>{item.plan ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('ledger.owner')}>{item.ownerName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('ledger.deadline')}>
        {item.deadline ?? '—'} {item.overdue ? <Tag color="red">{t('dashboard.overdue')}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('ledger.rectification')}>
        {item.rectification ?? '—'} {item.rectifiedOn ? `(${item.rectifiedOn} ${item.rectifiedBy ?? ''})` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('ledger.evidence')}>
        {item.evidence.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {item.evidence.map((e, i) => (
              <li key={i}>
                {e.description}
                {e.ref ? <Typography.Text type="secondary"> · {e.ref}</Typography.Text> : null}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('ledger.verifyNote')}>
        {item.verificationNote ?? '—'} {item.verifiedOn ? `(${item.verifiedOn} ${item.verifiedBy ?? ''})` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('ledger.closed')}>
        {item.closedOn ? `${item.closedOn} ${item.closedBy ?? ''} ${item.closeNote ?? ''}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('ledger.createdAt')}>
        {when(item.createdAt)} {item.createdBy ?? ''}
      </Descriptions.Item>
    </Descriptions>
  );
}

type State = ListState<typeof LedgerListQuery, LedgerPage>;
type Open = { item: LedgerItemView; action: LedgerAction | null } | null;

function ItemActions({ item: i, onOpen }: { item: LedgerItemView; onOpen: (o: Open) => void }) {
  const { enumLabel } = useI18n();
  const phone = useIsPhone();
  if (!i.actions.length) return '—';
  return (
    <Space wrap size={4}>
      {i.actions.map((a) => (
        <Button
          key={a}
          size={phone ? 'middle' : 'small'}
          type={a === 'close' ? 'primary' : 'default'}
          onClick={() => onOpen({ item: i, action: a })}
          data-testid={`ledger-${a}`}
        >
          {enumLabel(LedgerAction, a)}
        </Button>
      ))}
    </Space>
  );
}

function useLedgerColumns(onOpen: (o: Open) => void): Column<LedgerItemView>[] {
  const { t, enumLabel } = useI18n();
  return [
    {
      key: 'title',
      title: t('ledger.itemTitle'),
      card: 'title',
      render: (i) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
          onClick={() => onOpen({ item: i, action: null })}
        >
          {i.title}
        </Button>
      ),
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      sortField: 'status',
      render: (i) => <Tag color={STATUS_COLORS[i.status]}>{enumLabel(LedgerItemStatus, i.status)}</Tag>,
    },
    { key: 'area', title: t('ledger.area'), sortField: 'area', render: (i) => enumLabel(RectificationArea, i.area) },
    { key: 'region', title: t('ledger.region'), sortField: 'regionCode', render: (i) => i.regionName ?? i.regionCode },
    {
      key: 'household',
      title: t('ledger.household'),
      render: (i) =>
        i.householdId ? <Link to={`/households/${i.householdId}`}>{i.headName ?? i.householdNo}</Link> : '—',
    },
    {
      key: 'deadline',
      title: t('ledger.deadline'),
      sortField: 'deadline',
      render: (i) => (
        <span>
          {i.deadline ?? '—'} {i.overdue ? <Tag color="red">{t('dashboard.overdue')}</Tag> : null}
        </span>
      ),
    },
    { key: 'owner', title: t('ledger.owner'), render: (i) => i.ownerName ?? '—' },
    {
      key: 'actions',
      title: t('plan.actions'),
      fixed: 'right',
      render: (i) => <ItemActions item={i} onOpen={onOpen} />,
    },
  ];
}

/** The statuses with their counts (of the filter without its status), and "overdue only". */
function StatusChecks({ state: { query, setQuery, list } }: { state: State }) {
  const { t, enumLabel } = useI18n();
  const counts = list.data?.counts ?? {};
  return (
    <Space wrap size={4}>
      <Tag.CheckableTag checked={!query.status} onChange={() => setQuery({ status: undefined })}>
        {t('common.all')}
      </Tag.CheckableTag>
      {LedgerItemStatus.values.map((s) => (
        <Tag.CheckableTag key={s} checked={query.status === s} onChange={() => setQuery({ status: s })}>
          <Badge
            count={counts[s] ?? 0}
            showZero
            size="small"
            color={s === 'closed' ? 'green' : s === 'open' ? 'orange' : 'blue'}
            offset={[8, -2]}
          >
            {enumLabel(LedgerItemStatus, s)}
          </Badge>
        </Tag.CheckableTag>
      ))}
      <Switch
        id="ledger-overdue"
        checked={!!query.overdue}
        onChange={(on) => setQuery({ overdue: on ? 'true' : undefined })}
        style={{ marginInlineStart: 12 }}
      />
      <label htmlFor="ledger-overdue">{t('ledger.overdueOnly')}</label>
    </Space>
  );
}

/** An item's details with the steps it allows now, or the form of one step. */
function ItemDrawer({ open, setOpen }: { open: Open; setOpen: (o: Open) => void }) {
  const { enumLabel } = useI18n();
  const phone = useIsPhone();
  return (
    <Drawer
      open={!!open}
      onClose={() => setOpen(null)}
      width={phone ? '100%' : 560}
      title={open ? (open.action ? enumLabel(LedgerAction, open.action) : open.item.title) : ''}
      destroyOnHidden
    >
      {open?.action ? (
        <>
          <Typography.Paragraph strong>{open.item.title}</Typography.Paragraph>
          <ActionForm item={open.item} action={open.action} onDone={() => setOpen(null)} />
        </>
      ) : open ? (
        <>
          <ItemDetail item={open.item} />
          <Space wrap style={{ marginTop: 16 }}>
            {open.item.actions.map((a) => (
              <Button key={a} onClick={() => setOpen({ item: open.item, action: a })}>
                {enumLabel(LedgerAction, a)}
              </Button>
            ))}
          </Space>
        </>
      ) : null}
    </Drawer>
  );
}

function CreateDrawer({ ledger, open, onClose }: { ledger: LedgerKind; open: boolean; onClose: () => void }) {
  const { t, enumLabel } = useI18n();
  const phone = useIsPhone();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 560}
      title={`${t('ledger.create')} · ${enumLabel(LedgerKind, ledger)}`}
      destroyOnHidden
    >
      <CreateForm ledger={ledger} onDone={onClose} />
    </Drawer>
  );
}

/**
 * The three ledgers of the 2024 special rectification (S3 §五): screening tasks, suspected issues, rectification
 * records, each item moved step by step and closed (销号) only after verification by another person. The steps
 * offered are the ones the server says the caller may take now.
 */
export function LedgersPage() {
  const { t, enumLabel } = useI18n();
  const session = useSignedIn();
  const state = useList<typeof LedgerListQuery, LedgerPage>(LedgerListQuery, '/api/ledgers', ['ledgers'], {
    ledger: 'suspected_issue',
  });
  const ledger = state.query.ledger ?? 'suspected_issue';
  const [open, setOpen] = useState<Open>(null);
  const [creating, setCreating] = useState(false);
  const create = session.can('ledger.write') ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('ledger.create')}
    </Button>
  ) : null;
  const tabs = (
    <Tabs
      activeKey={ledger}
      onChange={(k) => state.setQuery({ ledger: k, status: undefined })}
      items={LedgerKind.values.map((k) => ({ key: k, label: enumLabel(LedgerKind, k) }))}
    />
  );
  return (
    <>
      <ListPage
        title={t('ledger.title')}
        sub={t('ledger.sub')}
        caption={enumLabel(LedgerKind, ledger)}
        state={state}
        schema={LedgerListQuery}
        columns={useLedgerColumns(setOpen)}
        rowKey={(i) => i.id}
        before={
          <>
            <CampaignPhases />
            {tabs}
          </>
        }
        filters={{
          noChips: ['ledger', 'status', 'overdue'],
          fields: ['area', 'region'],
          labels: { area: t('ledger.area'), region: t('registry.area'), overdue: t('ledger.overdueOnly') },
          extra: <StatusChecks state={state} />,
        }}
        actions={create}
        exportPath="/api/ledgers/export.xlsx"
        exportQuery={state.query}
        exportName="ledger.xlsx"
        empty={t('ledger.empty')}
      />
      <ItemDrawer open={open} setOpen={setOpen} />
      <CreateDrawer ledger={ledger} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
