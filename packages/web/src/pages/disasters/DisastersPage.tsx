import { DisasterSubtype, MonitoringCategory, MonitoringStatus, RiskType } from '@dixian/core';
import {
  DISASTER_OUTCOME_LABELS,
  DISASTER_SOURCE_LABELS,
  DisasterCreateBody,
  type DisasterDetail,
  type DisasterFigures,
  type DisasterHouseholdItem,
  type DisasterHouseholdPage,
  type DisasterList,
  type DisasterScreenResult,
  type DisasterView,
} from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
  type FormRule,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useRegionTree } from '../../api/queries';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { chinaDay, money, yuanToFen } from '../../lib/format';

const FIGURES: { key: keyof DisasterFigures; label: MessageKey }[] = [
  { key: 'affected', label: 'disaster.affected' },
  { key: 'visited', label: 'disaster.visited' },
  { key: 'visitsOverdue', label: 'disaster.visitsOverdue' },
  { key: 'atRisk', label: 'disaster.atRisk' },
  { key: 'monitored', label: 'disaster.monitored' },
  { key: 'helped', label: 'disaster.helped' },
];

const STATES = ['unvisited', 'visited', 'at_risk', 'monitored', 'helped'] as const;
type HouseholdState = (typeof STATES)[number];

/**
 * 灾害与突发事件 (issue 15 §6; S0 plan two): the county records a disaster over villages; the page shows, village by
 * village, how many households were affected, visited, found at risk, monitored and helped, and lists the affected
 * households with their visit and screening.
 */
export function DisastersPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const list = useQuery({ queryKey: ['disasters'], queryFn: () => api.get<DisasterList>('/api/disasters') });
  const [chosen, setChosen] = useState<string>();
  const [recording, setRecording] = useState(false);
  const disasters = list.data?.items ?? [];
  const current = disasters.find((d) => d.id === chosen) ?? disasters[0];
  return (
    <>
      <PageHeader
        title={t('disaster.title')}
        sub={t('disaster.sub')}
        extra={
          <Flex gap={8} wrap>
            {disasters.length > 1 ? (
              <Select
                aria-label={t('disaster.choose')}
                value={current?.id}
                onChange={setChosen}
                options={disasters.map((d) => ({ value: d.id, label: `${d.occurredOn} ${d.name}` }))}
                style={{ width: 220 }}
                data-testid="disaster-choose"
              />
            ) : null}
            {session.can('disaster.manage') ? (
              <Button type="primary" onClick={() => setRecording(true)} data-testid="disaster-record">
                {t('disaster.record')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <QueryState query={list}>
        {() => (current ? <DisasterBody disaster={current} /> : <Empty description={t('disaster.none')} />)}
      </QueryState>
      <RecordDisaster open={recording} onClose={() => setRecording(false)} onRecorded={(d) => setChosen(d.id)} />
    </>
  );
}

function DisasterBody({ disaster }: { disaster: DisasterView }) {
  const detail = useQuery({
    queryKey: ['disasters', disaster.id, 'detail'],
    queryFn: () => api.get<DisasterDetail>(`/api/disasters/${disaster.id}`),
  });
  return (
    <QueryState query={detail}>
      {(d) => (
        <Flex vertical gap={16}>
          <Summary disaster={d.disaster} />
          <Villages rows={d.villages} />
          <Households disaster={d.disaster} />
        </Flex>
      )}
    </QueryState>
  );
}

function kindOf(d: DisasterView, enumLabel: ReturnType<typeof useI18n>['enumLabel']): string {
  return d.riskType === 'natural_disaster' && d.disasterSubtype
    ? enumLabel(DisasterSubtype, d.disasterSubtype)
    : enumLabel(RiskType, d.riskType);
}

function Summary({ disaster: d }: { disaster: DisasterView }) {
  const { t, enumLabel } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const canManage = useSignedIn().can('disaster.manage');
  const [screening, setScreening] = useState(false);
  const screen = async () => {
    setScreening(true);
    try {
      const r = await api.post<DisasterScreenResult>(`/api/disasters/${d.id}/screen`, {});
      message.success(t('disaster.screened', { screened: r.screened, atRisk: r.atRisk, leads: r.leadsRecorded }));
      await client.invalidateQueries({ queryKey: ['disasters'] });
    } finally {
      setScreening(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid="disaster-summary"
      title={d.name}
      extra={
        canManage ? (
          <Button onClick={screen} loading={screening} data-testid="disaster-screen">
            {t('disaster.screen')}
          </Button>
        ) : null
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t('disaster.subtype')}>{kindOf(d, enumLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('disaster.occurredOn')}>{d.occurredOn}</Descriptions.Item>
        <Descriptions.Item label={t('disaster.visitDueOn')}>{d.visitDueOn}</Descriptions.Item>
        <Descriptions.Item label={t('disaster.screenedAt')}>
          {d.screenedAt ? chinaDay(d.screenedAt) : t('disaster.notScreened')}
        </Descriptions.Item>
        <Descriptions.Item label={t('disaster.villages')} span={4}>
          {d.villages.map((v) => v.regionName).join('、')}
        </Descriptions.Item>
        {d.note ? (
          <Descriptions.Item label={t('disaster.note')} span={4}>
            {d.note}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Flex wrap gap={24} style={{ marginTop: 8 }}>
        {FIGURES.map((f) => (
          <Statistic
            key={f.key}
            title={t(f.label)}
            value={d.figures[f.key]}
            valueStyle={f.key === 'visitsOverdue' && d.figures[f.key] ? { color: '#cf1322' } : undefined}
            data-testid={`disaster-figure-${f.key}`}
          />
        ))}
      </Flex>
    </Card>
  );
}

type VillageRow = DisasterDetail['villages'][number];

function Villages({ rows }: { rows: VillageRow[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('disaster.byVillage')}>
      <Table<VillageRow>
        size="small"
        rowKey="regionCode"
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="disaster-villages"
        columns={[
          { title: t('disaster.village'), dataIndex: 'regionName' },
          ...FIGURES.map((f) => ({
            title: t(f.label),
            dataIndex: f.key,
            align: 'right' as const,
            render: (n: number) => (f.key === 'visitsOverdue' && n ? <Tag color="red">{n}</Tag> : n),
          })),
        ]}
      />
    </Card>
  );
}

/** The affected households' columns: who, whence, loss, visit, screening, monitoring. */
function householdColumns(
  disaster: DisasterView,
  canVisit: boolean,
  { t, enumLabel, L, lang }: ReturnType<typeof useI18n>,
): TableColumnsType<DisasterHouseholdItem> {
  return [
    {
      title: t('disaster.household'),
      render: (_, h) => (
        <Flex vertical>
          <Link to={`/households/${h.householdId}`}>{h.headName ?? h.householdNo}</Link>
          <Typography.Text type="secondary">
            {h.regionName} · {h.householdNo}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('disaster.source'), render: (_, h) => L(DISASTER_SOURCE_LABELS[h.source]) },
    { title: t('disaster.loss'), align: 'right', render: (_, h) => money(h.lossFen, lang) },
    {
      title: t('disaster.visit'),
      render: (_, h) =>
        h.visited ? (
          <Tag color="green">{h.lastVisitOn}</Tag>
        ) : (
          <Flex gap={8} align="center">
            <Tag color={disaster.visitDueOn < dayjs().format('YYYY-MM-DD') ? 'red' : 'orange'}>
              {t('disaster.notVisited')}
            </Tag>
            {canVisit ? <Link to={`/visits/${h.householdId}`}>{t('disaster.recordVisit')}</Link> : null}
          </Flex>
        ),
    },
    {
      title: t('disaster.outcome'),
      render: (_, h) =>
        h.outcome ? (
          <Flex vertical>
            <Tag color={h.outcome === 'at_risk' ? 'orange' : h.outcome === 'already_monitored' ? 'blue' : 'default'}>
              {L(DISASTER_OUTCOME_LABELS[h.outcome])}
            </Tag>
            {h.category ? (
              <Typography.Text type="secondary">{enumLabel(MonitoringCategory, h.category)}</Typography.Text>
            ) : null}
          </Flex>
        ) : (
          t('disaster.notScreened')
        ),
    },
    {
      title: t('disaster.monitoringStatus'),
      render: (_, h) => (
        <Flex gap={4} wrap>
          <span>{enumLabel(MonitoringStatus, h.monitoringStatus)}</span>
          {h.helped ? <Tag color="green">{t('disaster.helped')}</Tag> : null}
        </Flex>
      ),
    },
  ];
}

function Households({ disaster }: { disaster: DisasterView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const canVisit = useSignedIn().can('visit.create');
  const [page, setPage] = useState(1);
  const [state, setState] = useState<HouseholdState | ''>('');
  const households = useQuery({
    queryKey: ['disasters', disaster.id, 'households', page, state],
    queryFn: () =>
      api.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households`, {
        page,
        pageSize: 20,
        state: state || undefined,
      }),
  });
  return (
    <Card
      size="small"
      title={t('disaster.householdList')}
      extra={
        <Radio.Group
          size="small"
          value={state}
          aria-label={t('disaster.state')}
          onChange={(e) => {
            setState(e.target.value as HouseholdState | '');
            setPage(1);
          }}
          options={[
            { value: '', label: t('disaster.stateAll') },
            ...STATES.map((s) => ({ value: s, label: t(`disaster.state.${s}`) })),
          ]}
          optionType="button"
        />
      }
    >
      <QueryState query={households}>
        {(p) => (
          <Table<DisasterHouseholdItem>
            size="small"
            rowKey="householdId"
            dataSource={p.items}
            scroll={{ x: 'max-content' }}
            data-testid="disaster-households"
            pagination={{
              current: page,
              pageSize: 20,
              total: p.total,
              onChange: setPage,
              showSizeChanger: false,
              hideOnSinglePage: true,
            }}
            columns={householdColumns(disaster, canVisit, i18n)}
          />
        )}
      </QueryState>
    </Card>
  );
}

interface RecordForm {
  name?: string;
  riskType?: 'natural_disaster' | 'accident' | 'epidemic';
  disasterSubtype?: DisasterSubtype;
  occurredOn?: Dayjs;
  villages?: string[];
  households?: string;
  note?: string;
}

/** "户编号" or "户编号 损失(元)" per line → the listed households; null with the first bad line. */
function parseHouseholds(text: string | undefined): { householdNo: string; lossFen?: number }[] | number {
  const out: { householdNo: string; lossFen?: number }[] = [];
  const lines = (text ?? '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i]!.trim()
      .split(/[\s,，]+/)
      .filter(Boolean);
    if (!parts.length) continue;
    if (parts.length > 2) return i + 1;
    const [householdNo, loss] = parts as [string, string | undefined];
    if (loss === undefined) {
      out.push({ householdNo });
      continue;
    }
    const lossFen = yuanToFen(loss);
    if (!Number.isFinite(lossFen) || lossFen < 0) return i + 1;
    out.push({ householdNo, lossFen });
  }
  return out;
}

function useVillageOptions() {
  const tree = useRegionTree();
  return useMemo(() => {
    const nodes = tree.data?.nodes ?? [];
    const names = new Map(nodes.map((n) => [n.code, n.name]));
    return nodes
      .filter((n) => n.level === 'village' && n.isRural)
      .map((n) => ({ value: n.code, label: `${names.get(n.parentCode ?? '') ?? ''} ${n.name}`.trim() }));
  }, [tree.data]);
}

/** The kind of event, its sub-type, its date and the villages it hit. */
function KindFields({ rules }: { rules: (name: string) => FormRule[] }) {
  const { t, enumLabel } = useI18n();
  const villages = useVillageOptions();
  const riskType = Form.useWatch<RecordForm['riskType']>('riskType');
  return (
    <>
      <Form.Item name="riskType" label={t('disaster.riskType')} rules={rules('riskType')}>
        <Radio.Group
          optionType="button"
          options={(['natural_disaster', 'accident', 'epidemic'] as const).map((v) => ({
            value: v,
            label: enumLabel(RiskType, v),
          }))}
        />
      </Form.Item>
      {riskType === 'natural_disaster' ? (
        <Form.Item name="disasterSubtype" label={t('disaster.subtype')} rules={rules('disasterSubtype')}>
          <EnumSelect enumDef={DisasterSubtype} />
        </Form.Item>
      ) : null}
      <Form.Item name="occurredOn" label={t('disaster.occurredOn')} rules={rules('occurredOn')}>
        <DatePicker allowClear={false} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="villages" label={t('disaster.villages')} rules={rules('villages')}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          options={villages}
          data-testid="disaster-villages-select"
        />
      </Form.Item>
    </>
  );
}

function RecordDisaster(p: { open: boolean; onClose: () => void; onRecorded: (d: DisasterView) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [badLine, setBadLine] = useState<number>();
  const zf = useZodForm<typeof DisasterCreateBody, RecordForm>(DisasterCreateBody, {
    toBody: (v) => {
      const households = parseHouseholds(v.households);
      return {
        name: v.name,
        riskType: v.riskType,
        disasterSubtype: v.riskType === 'natural_disaster' ? v.disasterSubtype : undefined,
        occurredOn: dayjs.isDayjs(v.occurredOn) ? v.occurredOn.format('YYYY-MM-DD') : v.occurredOn,
        villages: v.villages ?? [],
        households: typeof households === 'number' ? [] : households,
        note: v.note || undefined,
      } as never;
    },
  });
  return (
    <SheetDrawer open={p.open} onClose={p.onClose} title={t('disaster.record')} width={520}>
      <Form<RecordForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ riskType: 'natural_disaster', disasterSubtype: 'flood', occurredOn: dayjs() }}
        onFinish={(values) => {
          const parsed = parseHouseholds(values.households);
          setBadLine(typeof parsed === 'number' ? parsed : undefined);
          if (typeof parsed === 'number') return;
          return zf.submit(async (body) => {
            const d = await api.post<DisasterView>('/api/disasters', body);
            message.success(t('disaster.recorded', { affected: d.figures.affected, atRisk: d.figures.atRisk }));
            p.onRecorded(d);
            p.onClose();
            zf.form.resetFields();
            await client.invalidateQueries({ queryKey: ['disasters'] });
          })(values);
        }}
      >
        <FormErrors zf={zf} />
        <Form.Item name="name" label={t('disaster.name')} rules={zf.rules('name')}>
          <Input maxLength={100} placeholder={t('disaster.namePlaceholder')} />
        </Form.Item>
        <KindFields rules={zf.rules} />
        <Form.Item
          name="households"
          label={t('disaster.households')}
          validateStatus={badLine ? 'error' : undefined}
          help={badLine ? t('disaster.householdsBad', { line: badLine }) : undefined}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="note" label={t('disaster.note')} rules={zf.rules('note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large">
          {t('disaster.record')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}
