import { PlusOutlined } from '@ant-design/icons';
import {
  ApprovalLevel,
  DibaoClassification,
  ReliefSatisfaction,
  SocialAssistanceKind,
  SocialAssistanceStatus,
  SelfCareLevel,
  TempReliefKind,
} from '@dixian/core';
import {
  AssistanceListQuery,
  type AssistanceCaseView,
  type AssistancePage as Page,
  type TempReliefLedger,
} from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Drawer, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { money } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { AssistanceApplyForm, AssistanceStepForm, type AssistanceStep } from './AssistanceForms';
import { StagesText } from './ReliefStages';

const STATUS_COLORS: Record<SocialAssistanceStatus, string> = {
  applied: 'orange',
  approved: 'green',
  rejected: 'default',
  ended: 'default',
};

/** The steps a case offers the caller now (the server checks the level of approval and the dates again). */
function stepsFor(c: AssistanceCaseView, can: (a: 'assistance.decide') => boolean): AssistanceStep[] {
  if (!can('assistance.decide')) return [];
  if (c.status === 'applied') return ['decision'];
  if (c.status !== 'approved') return [];
  const account: AssistanceStep[] = c.kind !== 'temp_relief' || c.reliefStages ? ['account'] : [];
  if (c.kind === 'temp_relief') return [...(c.satisfaction ? [] : (['satisfaction'] as const)), ...account];
  return [...(c.kind === 'dibao' && !c.inGrace ? (['grace', 'end'] as const) : (['end'] as const)), ...account];
}

/** S0 plan one §二: the township's temporary-assistance ledger of numbers, causes and satisfaction. */
function TempReliefLedgerCard({ region }: { region: string | undefined }) {
  const { t, lang, enumLabel } = useI18n();
  const [range, setRange] = useState<[string, string]>([
    dayjs().startOf('year').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const ledger = useQuery({
    queryKey: ['assistance', 'temp-relief-ledger', region ?? null, range],
    queryFn: () =>
      api.get<TempReliefLedger>('/api/assistance/temp-relief-ledger', { region, from: range[0], to: range[1] }),
  });
  type Line = TempReliefLedger['rows'][number];
  const sat = (l: Pick<Line, 'satisfaction'>) =>
    ReliefSatisfaction.values.map((s) => `${enumLabel(ReliefSatisfaction, s)} ${l.satisfaction[s]}`).join(' · ');
  return (
    <Card size="small" data-testid="temp-relief-ledger">
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          inputReadOnly
          allowClear={false}
          aria-label={t('assistance.ledgerPeriod')}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(r) => r?.[0] && r[1] && setRange([r[0].format('YYYY-MM-DD'), r[1].format('YYYY-MM-DD')])}
        />
      </Space>
      <QueryState query={ledger}>
        {(d) => (
          <>
            <Typography.Paragraph>
              {t('assistance.ledgerTotal', {
                region: d.region.name,
                cases: d.total.cases,
                people: d.total.people,
                amount: money(d.total.amountFen, lang),
              })}
              <br />
              <Typography.Text type="secondary">{sat(d.total)}</Typography.Text>
            </Typography.Paragraph>
            <Table<Line>
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={d.rows.filter((r) => r.cases > 0)}
              columns={[
                { key: 'name', title: t('ledger.region'), render: (_, r) => r.name },
                { key: 'cases', title: t('assistance.cases'), align: 'right', render: (_, r) => r.cases },
                { key: 'people', title: t('common.people'), align: 'right', render: (_, r) => r.people },
                { key: 'amount', title: t('plan.amount'), align: 'right', render: (_, r) => money(r.amountFen, lang) },
                {
                  key: 'kinds',
                  title: t('assistance.reliefKind'),
                  render: (_, r) =>
                    `${enumLabel(TempReliefKind, 'emergency')} ${r.emergency} · ${enumLabel(TempReliefKind, 'expense')} ${r.expense}`,
                },
                {
                  key: 'causes',
                  title: t('assistance.cause'),
                  render: (_, r) => r.causes.map((c) => `${c.cause} (${c.cases})`).join(';'),
                },
                { key: 'sat', title: t('assistance.satisfaction'), render: (_, r) => sat(r) },
              ]}
            />
          </>
        )}
      </QueryState>
    </Card>
  );
}

type Step = { c: AssistanceCaseView; step: AssistanceStep } | null;

function CaseSteps({ c, onStep }: { c: AssistanceCaseView; onStep: (s: Step) => void }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const phone = useIsPhone();
  const steps = stepsFor(c, session.can as (a: 'assistance.decide') => boolean);
  if (!steps.length) return '—';
  return (
    <Space wrap size={4}>
      {steps.map((s) => (
        <Button
          key={s}
          size={phone ? 'middle' : 'small'}
          onClick={() => onStep({ c, step: s })}
          data-testid={`assistance-${s}-button`}
        >
          {t(`assistance.step.${s}`)}
        </Button>
      ))}
    </Space>
  );
}

function KindText({ c }: { c: AssistanceCaseView }) {
  const { t, enumLabel } = useI18n();
  return [
    enumLabel(SocialAssistanceKind, c.kind),
    c.classification ? enumLabel(DibaoClassification, c.classification) : null,
    c.reliefKind ? enumLabel(TempReliefKind, c.reliefKind) : null,
    c.reliefFirst ? t('assistance.reliefFirst') : null,
    c.selfCare ? enumLabel(SelfCareLevel, c.selfCare) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function Decided({ c }: { c: AssistanceCaseView }) {
  const { t, enumLabel } = useI18n();
  if (c.decidedOn) return `${c.decidedOn} ${c.approvalLevel ? enumLabel(ApprovalLevel, c.approvalLevel) : ''}`;
  return (
    <Typography.Text type="secondary">
      {t('assistance.needs', { level: enumLabel(ApprovalLevel, c.requiredLevel) })}
    </Typography.Text>
  );
}

function useAssistanceColumns(onStep: (s: Step) => void): Column<AssistanceCaseView>[] {
  const { t, enumLabel, lang } = useI18n();
  return [
    {
      key: 'head',
      title: t('registry.head'),
      card: 'title',
      render: (c) => <Link to={`/households/${c.householdId}`}>{c.headName ?? c.householdNo}</Link>,
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      sortField: 'status',
      render: (c) => (
        <Space size={2} wrap>
          <Tag color={STATUS_COLORS[c.status]}>{enumLabel(SocialAssistanceStatus, c.status)}</Tag>
          {c.inGrace ? <Tag color="gold">{t('assistance.inGrace', { date: c.graceEndOn ?? '' })}</Tag> : null}
        </Space>
      ),
    },
    { key: 'kind', title: t('assistance.kind'), sortField: 'kind', render: (c) => <KindText c={c} /> },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (c) => c.regionName ?? c.regionCode,
    },
    { key: 'people', title: t('common.people'), align: 'right', render: (c) => c.peopleCount },
    {
      key: 'amount',
      title: t('plan.amount'),
      align: 'right',
      render: (c) =>
        c.kind === 'temp_relief' ? (
          <Space direction="vertical" size={0}>
            <span>
              {money(c.amountFen, lang)}
              {c.reliefStages ? ` · ${t('assistance.paidInStages', { n: c.reliefStages.length })}` : ''}
            </span>
            <StagesText c={c} />
          </Space>
        ) : c.monthlyAmountFen != null ? (
          `${money(c.monthlyAmountFen, lang)}${t('assistance.perMonth')}`
        ) : (
          '—'
        ),
    },
    { key: 'applied', title: t('assistance.appliedOn'), sortField: 'appliedOn', render: (c) => c.appliedOn },
    { key: 'decided', title: t('assistance.decidedOn'), sortField: 'decidedOn', render: (c) => <Decided c={c} /> },
    { key: 'actions', title: t('plan.actions'), fixed: 'right', render: (c) => <CaseSteps c={c} onStep={onStep} /> },
  ];
}

function GraceSwitch({ state: { query, setQuery } }: { state: ListState<typeof AssistanceListQuery, Page> }) {
  const { t } = useI18n();
  return (
    <Space>
      <Switch
        id="in-grace"
        checked={!!query.inGrace}
        onChange={(on) => setQuery({ inGrace: on ? 'true' : undefined })}
      />
      <label htmlFor="in-grace">{t('assistance.graceOnly')}</label>
    </Space>
  );
}

function AssistanceDrawers(p: {
  step: Step;
  setStep: (s: Step) => void;
  applying: boolean;
  setApplying: (b: boolean) => void;
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { step, setStep } = p;
  return (
    <>
      <Drawer
        open={!!step}
        onClose={() => setStep(null)}
        width={phone ? '100%' : 520}
        title={step ? `${t(`assistance.step.${step.step}`)} · ${step.c.headName ?? ''}` : ''}
        destroyOnHidden
      >
        {step ? <AssistanceStepForm c={step.c} step={step.step} onDone={() => setStep(null)} /> : null}
      </Drawer>
      <Drawer
        open={p.applying}
        onClose={() => p.setApplying(false)}
        width={phone ? '100%' : 520}
        title={t('assistance.apply')}
        destroyOnHidden
      >
        <AssistanceApplyForm onDone={() => p.setApplying(false)} />
      </Drawer>
    </>
  );
}

/**
 * Social assistance (issue 6, S2): 低保, 特困 and temporary assistance of the area, with the 低保 grace period
 * (渐退), applications taken by the village, decisions by the level S2 §三(二) names, and the township's
 * temporary-assistance ledger (S0 plan one §二).
 */
export function AssistancePage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const state = useList<typeof AssistanceListQuery, Page>(AssistanceListQuery, '/api/assistance', [
    'assistance',
    'list',
  ]);
  const [tab, setTab] = useState<'cases' | 'ledger'>('cases');
  const [step, setStep] = useState<Step>(null);
  const [applying, setApplying] = useState(false);
  const columns = useAssistanceColumns(setStep);
  const apply = session.can('assistance.apply') ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)}>
      {t('assistance.apply')}
    </Button>
  ) : null;
  const tabs = (
    <Tabs
      activeKey={tab}
      onChange={(k) => setTab(k as 'cases' | 'ledger')}
      items={[
        { key: 'cases', label: t('assistance.cases') },
        { key: 'ledger', label: t('assistance.tempLedger') },
      ]}
    />
  );
  const exportProps = { path: '/api/assistance/export.xlsx', fileName: 'assistance.xlsx' };
  return (
    <>
      {tab === 'ledger' ? (
        <>
          <PageHeader
            title={t('assistance.title')}
            extra={
              <>
                {apply}
                <ExportButton {...exportProps} query={state.query} />
              </>
            }
          />
          {tabs}
          <TempReliefLedgerCard region={state.query.region} />
        </>
      ) : (
        <ListPage
          title={t('assistance.title')}
          state={state}
          schema={AssistanceListQuery}
          columns={columns}
          rowKey={(c) => c.id}
          before={tabs}
          filters={{
            fields: ['kind', 'status', 'region'],
            labels: { kind: t('assistance.kind'), status: t('registry.status'), region: t('registry.area') },
            extra: <GraceSwitch state={state} />,
            noChips: ['inGrace'],
          }}
          actions={apply}
          exportPath={exportProps.path}
          exportName={exportProps.fileName}
          empty={t('assistance.empty')}
        />
      )}
      <AssistanceDrawers step={step} setStep={setStep} applying={applying} setApplying={setApplying} />
    </>
  );
}
