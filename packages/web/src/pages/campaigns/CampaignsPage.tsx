import { CampaignCheckMethod, CampaignCheckOutcome, RiskType } from '@dixian/core';
import {
  CampaignCheckBody,
  CampaignCreateBody,
  type CampaignCheckView,
  type CampaignList,
  type CampaignPendingItem,
  type CampaignPendingPage,
  type CampaignProgress,
  type CampaignRegionProgress,
  type CampaignView,
} from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Pagination,
  Progress,
  Radio,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

type Pending = z.infer<typeof CampaignPendingItem>;
type VillageRow = z.infer<typeof CampaignRegionProgress>;

/**
 * 年度集中排查 (S3 §三(二)): the county opens the year's campaign for a window; the page shows progress village by
 * village and the households not yet checked, where township and village staff record each check.
 */
export function CampaignsPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const list = useQuery({ queryKey: ['campaigns'], queryFn: () => api.get<CampaignList>('/api/campaigns') });
  const [chosen, setChosen] = useState<string>();
  const [opening, setOpening] = useState(false);
  const campaigns = list.data?.items ?? [];
  const current = campaigns.find((c) => c.id === chosen) ?? campaigns[0];
  return (
    <>
      <PageHeader
        title={t('campaign.title')}
        sub={t('campaign.sub')}
        extra={
          <Flex gap={8} wrap>
            {campaigns.length > 1 ? (
              <Select
                aria-label={t('campaign.choose')}
                value={current?.id}
                onChange={setChosen}
                options={campaigns.map((c) => ({ value: c.id, label: t('campaign.yearLabel', { year: c.year }) }))}
                style={{ width: 120 }}
              />
            ) : null}
            {session.can('campaign.manage') ? (
              <Button type="primary" onClick={() => setOpening(true)} data-testid="campaign-open">
                {t('campaign.open')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <QueryState query={list}>
        {() => (current ? <CampaignBody campaign={current} /> : <Empty description={t('campaign.none')} />)}
      </QueryState>
      <OpenCampaign open={opening} onClose={() => setOpening(false)} />
    </>
  );
}

function CampaignBody({ campaign }: { campaign: CampaignView }) {
  const progress = useQuery({
    queryKey: ['campaigns', campaign.id, 'progress'],
    queryFn: () => api.get<CampaignProgress>(`/api/campaigns/${campaign.id}`),
  });
  return (
    <QueryState query={progress}>
      {(p) => (
        <Flex vertical gap={16}>
          <Summary campaign={p.campaign} />
          <Villages rows={p.villages} />
          <PendingList campaign={p.campaign} />
        </Flex>
      )}
    </QueryState>
  );
}

function Summary({ campaign: c }: { campaign: CampaignView }) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid="campaign-summary">
      <Flex wrap gap={16} align="center">
        <Typography.Text strong>{t('campaign.yearLabel', { year: c.year })}</Typography.Text>
        <Typography.Text>
          {t('campaign.window')}: {c.opensOn} — {c.closesOn}
        </Typography.Text>
        <Typography.Text>
          {t('campaign.summary', { households: c.households, checked: c.checked, risks: c.risksFound })}
        </Typography.Text>
        <Progress
          percent={c.households ? Math.round((c.checked / c.households) * 100) : 0}
          style={{ width: 200 }}
          aria-label={t('campaign.rate')}
        />
      </Flex>
    </Card>
  );
}

function Villages({ rows }: { rows: VillageRow[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('campaign.progress')}>
      <Table<VillageRow>
        size="small"
        rowKey="regionCode"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('campaign.village'), dataIndex: 'regionName' },
          { title: t('campaign.households'), dataIndex: 'households', align: 'right' },
          { title: t('campaign.checked'), dataIndex: 'checked', align: 'right' },
          {
            title: t('campaign.rate'),
            render: (_, r) => (
              <Progress
                size="small"
                style={{ width: 120 }}
                percent={r.households ? Math.round((r.checked / r.households) * 100) : 0}
                aria-label={`${r.regionName} ${t('campaign.rate')}`}
              />
            ),
          },
          {
            title: t('campaign.risks'),
            dataIndex: 'risksFound',
            align: 'right',
            render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0),
          },
          {
            title: t('campaign.newAssistance'),
            render: (_, r) => `${r.newAssistanceChecked} / ${r.newAssistance}`,
          },
        ]}
      />
    </Card>
  );
}

function PendingList({ campaign }: { campaign: CampaignView }) {
  const { t } = useI18n();
  const canCheck = useSignedIn().can('campaign.check');
  const [page, setPage] = useState(1);
  const [onlyNew, setOnlyNew] = useState(false);
  const [checking, setChecking] = useState<Pending>();
  const pending = useQuery({
    queryKey: ['campaigns', campaign.id, 'pending', page, onlyNew],
    queryFn: () =>
      api.get<CampaignPendingPage>(`/api/campaigns/${campaign.id}/pending`, {
        page,
        pageSize: 20,
        newAssistance: onlyNew ? 'true' : undefined,
      }),
  });
  return (
    <Card
      size="small"
      title={t('campaign.pending')}
      extra={
        <Flex align="center" gap={8}>
          <Switch
            id="only-new"
            checked={onlyNew}
            onChange={(on) => {
              setOnlyNew(on);
              setPage(1);
            }}
          />
          <label htmlFor="only-new">{t('campaign.onlyNew')}</label>
        </Flex>
      }
    >
      <QueryState query={pending}>
        {(p) =>
          p.items.length ? (
            <>
              <List
                dataSource={p.items}
                renderItem={(h) => <PendingItem household={h} onCheck={canCheck ? () => setChecking(h) : undefined} />}
              />
              <Pagination
                current={page}
                pageSize={20}
                total={p.total}
                onChange={setPage}
                showSizeChanger={false}
                size="small"
                style={{ marginTop: 8, textAlign: 'right' }}
              />
            </>
          ) : (
            <Empty description={t('campaign.allChecked')} />
          )
        }
      </QueryState>
      <RecordCheck campaign={campaign} household={checking} onClose={() => setChecking(undefined)} />
    </Card>
  );
}

function PendingItem({ household: h, onCheck }: { household: Pending; onCheck: (() => void) | undefined }) {
  const { t } = useI18n();
  return (
    <List.Item
      data-testid="campaign-pending"
      actions={
        onCheck
          ? [
              <Button key="check" onClick={onCheck}>
                {t('campaign.record')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={
          <Flex gap={8} wrap align="center">
            <span>{h.headName ?? h.householdNo}</span>
            <Typography.Text type="secondary">{h.regionName}</Typography.Text>
            {h.newAssistance ? <Tag color="purple">{t('campaign.newTag')}</Tag> : null}
          </Flex>
        }
        description={`${h.householdNo} · ${t('campaign.lastScreened')}: ${h.lastFullScreeningOn ?? t('campaign.never')}`}
      />
    </List.Item>
  );
}

interface CheckForm {
  checkedOn?: Dayjs;
  method?: CampaignCheckMethod;
  outcome?: CampaignCheckOutcome;
  riskTypes?: RiskType[];
  note?: string;
}

const day = (d: Dayjs | string | undefined) => (dayjs.isDayjs(d) ? d.format('YYYY-MM-DD') : d);

/** A write from a drawer: the success message, the campaign's lists read again, the drawer closed. */
function useAfterWrite(onClose: () => void) {
  const { message } = App.useApp();
  const client = useQueryClient();
  return async (text: string) => {
    message.success(text);
    onClose();
    await client.invalidateQueries({ queryKey: ['campaigns'] });
  };
}

function RecordCheck(p: { campaign: CampaignView; household: Pending | undefined; onClose: () => void }) {
  const { t, enumLabel } = useI18n();
  const done = useAfterWrite(p.onClose);
  const householdId = p.household?.householdId;
  const zf = useZodForm<typeof CampaignCheckBody, CheckForm>(CampaignCheckBody, {
    toBody: (v) => ({ ...v, householdId, checkedOn: day(v.checkedOn) }) as never,
  });
  const outcome = Form.useWatch('outcome', zf.form);
  const name = p.household ? (p.household.headName ?? p.household.householdNo) : '';
  return (
    <SheetDrawer open={!!p.household} onClose={p.onClose} title={t('campaign.recordTitle', { household: name })}>
      <Form<CheckForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ checkedOn: dayjs(), method: 'visit', outcome: 'no_risk' }}
        onFinish={zf.submit(async (body) => {
          const r = await api.post<CampaignCheckView>(`/api/campaigns/${p.campaign.id}/checks`, body);
          await done(r.leadId ? t('campaign.leadOpened') : t('campaign.recorded'));
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="checkedOn" label={t('campaign.checkedOn')} rules={zf.rules('checkedOn')}>
          <DatePicker
            allowClear={false}
            inputReadOnly
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(p.campaign.opensOn), 'day')}
          />
        </Form.Item>
        <Form.Item name="method" label={t('campaign.method')} rules={zf.rules('method')}>
          <Radio.Group
            options={CampaignCheckMethod.values.map((v) => ({ value: v, label: enumLabel(CampaignCheckMethod, v) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="outcome" label={t('campaign.outcome')} rules={zf.rules('outcome')}>
          <Radio.Group
            options={CampaignCheckOutcome.values.map((v) => ({ value: v, label: enumLabel(CampaignCheckOutcome, v) }))}
            optionType="button"
          />
        </Form.Item>
        {outcome === 'risk_found' ? (
          <Form.Item name="riskTypes" label={t('campaign.riskTypes')} rules={zf.rules('riskTypes')}>
            <EnumSelect enumDef={RiskType} mode="multiple" />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('campaign.note')} rules={zf.rules('note')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large">
          {t('campaign.record')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}

interface OpenForm {
  year?: number;
  window?: [Dayjs, Dayjs];
  newAssistanceSince?: Dayjs;
}

function OpenCampaign({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const done = useAfterWrite(onClose);
  const zf = useZodForm<typeof CampaignCreateBody, OpenForm>(CampaignCreateBody, {
    toBody: (v) =>
      ({
        year: v.year,
        opensOn: day(v.window?.[0]),
        closesOn: day(v.window?.[1]),
        newAssistanceSince: day(v.newAssistanceSince),
      }) as never,
    fieldOf: (path) => (path[0] === 'opensOn' || path[0] === 'closesOn' ? ['window'] : path),
  });
  const year = dayjs().year();
  return (
    <SheetDrawer open={open} onClose={onClose} title={t('campaign.open')} width={480}>
      <Form<OpenForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ year, window: [dayjs(), dayjs().add(2, 'month')], newAssistanceSince: dayjs(`${year}-01-01`) }}
        onFinish={zf.submit(async (body) => {
          await api.post<CampaignView>('/api/campaigns', body);
          await done(t('campaign.opened'));
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="year" label={t('campaign.year')} rules={zf.rules('year')}>
          <InputNumber min={2020} max={2100} />
        </Form.Item>
        <Form.Item name="window" label={t('campaign.window')} rules={[{ required: true, message: t('form.required') }]}>
          <DatePicker.RangePicker allowClear={false} inputReadOnly />
        </Form.Item>
        <Form.Item name="newAssistanceSince" label={t('campaign.newSince')} extra={t('campaign.newSinceHelp')}>
          <DatePicker inputReadOnly />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large">
          {t('campaign.open')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}
