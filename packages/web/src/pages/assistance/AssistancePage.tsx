import { PlusOutlined } from '@ant-design/icons';
import {
  ApprovalLevel,
  DibaoClassification,
  ReliefSatisfaction,
  SocialAssistanceKind,
  SocialAssistanceStatus,
  TempReliefKind,
} from '@dixian/core';
import {
  AssistanceListQuery,
  type AssistanceCaseView,
  type AssistancePage as Page,
  type TempReliefLedger,
} from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Drawer, Row, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, QueryState } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { money } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { useUrlQuery } from '../../lib/use-url-query';
import { AssistanceApplyForm, AssistanceStepForm, type AssistanceStep } from './AssistanceForms';

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
  if (c.kind === 'temp_relief') return c.satisfaction ? [] : ['satisfaction'];
  return c.kind === 'dibao' && !c.inGrace ? ['grace', 'end'] : ['end'];
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

/**
 * Social assistance (issue 6, S2): 低保, 特困 and temporary assistance of the area, with the 低保 grace period
 * (渐退), applications taken by the village, decisions by the level S2 §三(二) names, and the township's
 * temporary-assistance ledger (S0 plan one §二).
 */
export function AssistancePage() {
  const { t, enumLabel, lang } = useI18n();
  const session = useSignedIn();
  const phone = useIsPhone();
  const [query, setQuery] = useUrlQuery(AssistanceListQuery);
  const [tab, setTab] = useState<'cases' | 'ledger'>('cases');
  const list = useQuery({
    queryKey: ['assistance', 'list', query],
    queryFn: () => api.get<Page>('/api/assistance', query as Query),
    placeholderData: keepPreviousData,
  });
  const [step, setStep] = useState<{ c: AssistanceCaseView; step: AssistanceStep } | null>(null);
  const [applying, setApplying] = useState(false);
  const can = session.can as (a: 'assistance.decide') => boolean;
  const columns: Column<AssistanceCaseView>[] = [
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
      render: (c) => (
        <Space size={2} wrap>
          <Tag color={STATUS_COLORS[c.status]}>{enumLabel(SocialAssistanceStatus, c.status)}</Tag>
          {c.inGrace ? <Tag color="gold">{t('assistance.inGrace', { date: c.graceEndOn ?? '' })}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'kind',
      title: t('assistance.kind'),
      render: (c) =>
        [
          enumLabel(SocialAssistanceKind, c.kind),
          c.classification ? enumLabel(DibaoClassification, c.classification) : null,
          c.reliefKind ? enumLabel(TempReliefKind, c.reliefKind) : null,
          c.reliefFirst ? t('assistance.reliefFirst') : null,
        ]
          .filter(Boolean)
          .join(' · '),
    },
    { key: 'village', title: t('registry.village'), render: (c) => c.regionName ?? c.regionCode },
    { key: 'people', title: t('common.people'), align: 'right', render: (c) => c.peopleCount },
    {
      key: 'amount',
      title: t('plan.amount'),
      align: 'right',
      render: (c) =>
        c.kind === 'temp_relief'
          ? money(c.amountFen, lang)
          : c.monthlyAmountFen != null
            ? `${money(c.monthlyAmountFen, lang)}${t('assistance.perMonth')}`
            : '—',
    },
    { key: 'applied', title: t('assistance.appliedOn'), render: (c) => c.appliedOn },
    {
      key: 'decided',
      title: t('assistance.decidedOn'),
      render: (c) =>
        c.decidedOn ? (
          `${c.decidedOn} ${c.approvalLevel ? enumLabel(ApprovalLevel, c.approvalLevel) : ''}`
        ) : (
          <Typography.Text type="secondary">
            {t('assistance.needs', { level: enumLabel(ApprovalLevel, c.requiredLevel) })}
          </Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('plan.actions'),
      fixed: 'right',
      render: (c) => {
        const steps = stepsFor(c, can);
        return steps.length ? (
          <Space wrap size={4}>
            {steps.map((s) => (
              <Button
                key={s}
                size={phone ? 'middle' : 'small'}
                onClick={() => setStep({ c, step: s })}
                data-testid={`assistance-${s}-button`}
              >
                {t(`assistance.step.${s}`)}
              </Button>
            ))}
          </Space>
        ) : (
          '—'
        );
      },
    },
  ];
  return (
    <>
      <PageHeader
        title={t('assistance.title')}
        extra={
          <>
            {session.can('assistance.apply') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)}>
                {t('assistance.apply')}
              </Button>
            ) : null}
            <ExportButton path="/api/assistance/export.xlsx" query={query} fileName="assistance.xlsx" />
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'cases' | 'ledger')}
        items={[
          { key: 'cases', label: t('assistance.cases') },
          { key: 'ledger', label: t('assistance.tempLedger') },
        ]}
      />
      {tab === 'ledger' ? (
        <TempReliefLedgerCard region={query.region} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Row gutter={[8, 8]} align="middle">
              <Col xs={12} md={5}>
                <EnumSelect
                  enumDef={SocialAssistanceKind}
                  aria-label={t('assistance.kind')}
                  placeholder={t('assistance.kind')}
                  value={query.kind}
                  onChange={(kind) => setQuery({ kind })}
                  style={{ width: '100%' }}
                />
              </Col>
              <Col xs={12} md={5}>
                <EnumSelect
                  enumDef={SocialAssistanceStatus}
                  aria-label={t('registry.status')}
                  placeholder={t('registry.status')}
                  value={query.status}
                  onChange={(status) => setQuery({ status })}
                  style={{ width: '100%' }}
                />
              </Col>
              <Col xs={24} md={8}>
                <RegionPicker
                  aria-label={t('registry.area')}
                  value={query.region}
                  onChange={(region) => setQuery({ region })}
                  style={{ width: '100%' }}
                />
              </Col>
              <Col xs={24} md={6}>
                <Space>
                  <Switch
                    id="in-grace"
                    checked={!!query.inGrace}
                    onChange={(on) => setQuery({ inGrace: on ? 'true' : undefined })}
                  />
                  <label htmlFor="in-grace">{t('assistance.graceOnly')}</label>
                </Space>
              </Col>
            </Row>
          </Card>
          {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          <ResponsiveTable
            caption={t('assistance.title')}
            rows={list.data?.items ?? []}
            columns={columns}
            rowKey={(c) => c.id}
            loading={list.isFetching}
            empty={t('assistance.empty')}
            paging={urlPaging(list.data, query, setQuery)}
          />
        </>
      )}
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
        open={applying}
        onClose={() => setApplying(false)}
        width={phone ? '100%' : 520}
        title={t('assistance.apply')}
        destroyOnHidden
      >
        <AssistanceApplyForm onDone={() => setApplying(false)} />
      </Drawer>
    </>
  );
}
