import { MonitoringCategory, policyVersionText, RiskType, ScenarioChange, scenarioSidesText } from '@dixian/core';
import type { ScenarioHouseholdItem, ScenarioHouseholdPage, ScenarioView } from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Progress, Radio, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { money, when } from '../../lib/format';

type Summary = NonNullable<ScenarioView['summary']>;
const CHANGES = ScenarioChange.values;

/** The headline figures: households and people per change. */
function Tallies({ summary }: { summary: Summary }) {
  const { L, t } = useI18n();
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {CHANGES.map((c) => (
        <Col xs={12} md={6} key={c}>
          <Card size="small" data-testid={`tally-${c}`}>
            <Statistic
              title={L(ScenarioChange.labels[c])}
              value={summary.changes[c].households}
              suffix={t('common.households')}
            />
            <Typography.Text type="secondary">{t('scenario.people', { n: summary.changes[c].people })}</Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function CostAndWork({ s, summary }: { s: ScenarioView; summary: Summary }) {
  const { t, L, lang } = useI18n();
  const c = summary.cost;
  const delta = c.dibaoMonthlyDraftFen - c.dibaoMonthlyBaseFen;
  return (
    <Card size="small" title={t('scenario.costTitle')} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('scenario.line')}>
          {money(summary.lines.baseLineFen, lang)} → {money(summary.lines.draftLineFen, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('scenario.dibaoStandard')}>
          {money(summary.lines.baseDibaoMonthlyFen, lang)} → {money(summary.lines.draftDibaoMonthlyFen, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('scenario.dibaoMonthly')}>
          {money(c.dibaoMonthlyBaseFen, lang)} → {money(c.dibaoMonthlyDraftFen, lang)}（{delta >= 0 ? '+' : '−'}
          {money(Math.abs(delta), lang)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('scenario.tempRelief')}>{money(c.tempReliefOnceFen, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('scenario.casesToOpen')}>{summary.workload.casesToOpen}</Descriptions.Item>
        <Descriptions.Item label={t('scenario.visitsPerMonth')}>{summary.workload.visitsPerMonth}</Descriptions.Item>
        <Descriptions.Item label={t('scenario.basePolicy')}>
          {s.basePolicy ? L(policyVersionText(s.basePolicy)) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('scenario.nearMissShare')}>{Math.round(s.nearMissShare * 100)}%</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
        {t('scenario.costNote')}
      </Typography.Paragraph>
    </Card>
  );
}

function Charts({ summary }: { summary: Summary }) {
  const { t, L, enumLabel } = useI18n();
  const towns = summary.byTownship;
  const shown: ScenarioChange[] = ['enter_monitoring', 'leave_monitoring', 'enter_dibao', 'near_miss'];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('scenario.byTownship')}>
          {towns.length ? (
            <Chart
              label={t('scenario.byTownship')}
              height={320}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
                xAxis: { type: 'category', data: towns.map((x) => x.name ?? x.code), axisLabel: { rotate: 30 } },
                yAxis: { type: 'value', name: t('common.households') },
                series: shown.map((c) => ({
                  type: 'bar',
                  name: L(ScenarioChange.labels[c]),
                  data: towns.map((x) => x.changes[c]),
                })),
              }}
            />
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('scenario.byCategory')}>
          {summary.byCategory.length ? (
            <Chart
              label={t('scenario.byCategory')}
              height={150}
              option={{
                tooltip: { trigger: 'item' },
                series: [
                  {
                    type: 'pie',
                    radius: ['35%', '70%'],
                    data: summary.byCategory.map((x) => ({
                      name: enumLabel(MonitoringCategory, x.category),
                      value: x.households,
                    })),
                  },
                ],
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
            {summary.byRiskType.map((x) => (
              <Tag key={x.riskType}>
                {enumLabel(RiskType, x.riskType)} {x.households}
              </Tag>
            ))}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

function Reasons({ h }: { h: ScenarioHouseholdItem }) {
  const { L, lang } = useI18n();
  return (
    <Space direction="vertical" size={2}>
      {h.reasons.map((r) => (
        <Typography.Text key={r.ruleId} style={{ fontSize: 12 }}>
          {L(r.message)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'zh' ? `（${L(scenarioSidesText(r))}）` : ` (${L(scenarioSidesText(r))})`}
          </Typography.Text>
        </Typography.Text>
      ))}
    </Space>
  );
}

function Households({ s, summary }: { s: ScenarioView; summary: Summary }) {
  const { t, L, lang, enumLabel } = useI18n();
  const [change, setChange] = useState<ScenarioChange>('enter_monitoring');
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ['scenarios', s.id, 'households', change, page],
    queryFn: () => api.get<ScenarioHouseholdPage>(`/api/scenarios/${s.id}/households`, { change, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<ScenarioHouseholdItem>[] = [
    {
      key: 'no',
      title: t('scenario.householdNo'),
      card: 'title',
      render: (h) => <Link to={`/households/${h.householdId}`}>{h.householdNo}</Link>,
    },
    { key: 'village', title: t('scenario.village'), render: (h) => h.villageName },
    { key: 'people', title: t('common.people'), render: (h) => h.people },
    { key: 'category', title: t('scenario.category'), render: (h) => enumLabel(MonitoringCategory, h.category) },
    {
      key: 'risks',
      title: t('scenario.risks'),
      render: (h) => h.riskTypes.map((r) => enumLabel(RiskType, r)).join('、'),
    },
    { key: 'income', title: t('scenario.incomePerCapita'), render: (h) => money(h.incomePerCapitaFen, lang) },
    {
      key: 'topUp',
      title: t('scenario.topUp'),
      render: (h) => `${money(h.baseTopUpFen, lang)} → ${money(h.draftTopUpFen, lang)}`,
    },
    { key: 'reasons', title: t('scenario.reasons'), render: (h) => <Reasons h={h} /> },
  ];
  return (
    <Card
      size="small"
      title={t('scenario.households')}
      extra={
        <ExportButton
          path={`/api/scenarios/${s.id}/export.xlsx`}
          query={{ change }}
          fileName={`政策模拟-${s.draftName}-${s.asOf}.xlsx`}
        />
      }
    >
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={change}
        aria-label={t('scenario.changeKind')}
        onChange={(e) => {
          setChange(e.target.value as ScenarioChange);
          setPage(1);
        }}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginBottom: 12 }}
        data-testid="scenario-changes"
      >
        {CHANGES.map((c) => (
          <Radio.Button key={c} value={c}>
            {L(ScenarioChange.labels[c])}（{summary.changes[c].households}）
          </Radio.Button>
        ))}
      </Radio.Group>
      {rows.isError ? <ErrorAlert error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      <ResponsiveTable
        rows={rows.data?.items ?? []}
        columns={columns}
        rowKey={(h) => `${h.change}:${h.householdId}`}
        loading={rows.isFetching}
        caption={t('scenario.households')}
        paging={{ page, pageSize: 20, total: rows.data?.total ?? 0, onChange: (p) => setPage(p) }}
        empty={<Empty description={t('scenario.noHouseholds')} />}
      />
    </Card>
  );
}

/** One scenario: its progress while it runs, then its figures, charts and households with their reasons. */
export function ScenarioPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const q = useQuery({
    queryKey: ['scenarios', id],
    queryFn: () => api.get<ScenarioView>(`/api/scenarios/${id}`),
    refetchInterval: (x) => (x.state.data?.status === 'running' ? 1000 : false),
  });
  const s = q.data;
  return (
    <>
      <PageHeader
        title={s ? t('scenario.pageTitle', { name: s.draftName }) : t('scenario.title')}
        sub={s ? t('scenario.pageSub', { scope: s.scopeName ?? s.scopeCode, asOf: s.asOf, at: when(s.startedAt) }) : ''}
      />
      {q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {s?.status === 'running' ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph>
            {t('scenario.progress', { done: s.householdsDone, total: s.householdsTotal ?? 0 })}
          </Typography.Paragraph>
          <Progress
            percent={s.householdsTotal ? Math.floor((100 * s.householdsDone) / s.householdsTotal) : 0}
            status="active"
            data-testid="scenario-progress"
          />
        </Card>
      ) : null}
      {s?.status === 'failed' ? <Alert type="error" showIcon message={s.error ?? t('scenario.status.failed')} /> : null}
      {s?.status === 'done' && s.summary ? (
        <>
          <Tallies summary={s.summary} />
          <CostAndWork s={s} summary={s.summary} />
          <Charts summary={s.summary} />
          <Households s={s} summary={s.summary} />
        </>
      ) : null}
    </>
  );
}
