import { DeadlineKind, EliminationMethod, MonitoringCategory, MonitoringStatus, RiskType } from '@dixian/core';
import { StatsQuery, type Figure, type StatsOverview } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Query } from '../api/client';
import { useHouseholds, useResolvedPolicy } from '../api/queries';
import { listHref } from '../app/list-links';
import { useSignedIn } from '../auth/session';
import { Chart, type ChartClick, type EChartsOption } from '../components/Chart';
import { ExchangeCard } from '../features/exchange/ExchangeCard';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';
import { useI18n } from '../i18n/i18n';
import { when } from '../lib/format';
import { useIsPhone } from '../lib/responsive';
import { useUrlQuery } from '../lib/use-url-query';

/** A number that opens the list behind it (the server says which list and which filters). */
function FigureLink({ figure, children, label }: { figure: Figure; children?: ReactNode; label?: string }) {
  const { can } = useSignedIn();
  const href = listHref(figure.link, can);
  const content = children ?? figure.value.toLocaleString();
  return href ? (
    <Link to={href} aria-label={label} data-testid="figure-link" className="figure-link">
      {content}
    </Link>
  ) : (
    <span aria-label={label}>{content}</span>
  );
}

function StatCard({ title, figure, sub, testId }: { title: string; figure: Figure; sub?: ReactNode; testId: string }) {
  const { can } = useSignedIn();
  const href = listHref(figure.link, can);
  const body = (
    <Card size="small" hoverable={!!href} style={{ height: '100%' }} data-testid={testId}>
      <Statistic title={title} value={figure.value} groupSeparator="," />
      {sub ? <div style={{ marginTop: 4, fontSize: 12 }}>{sub}</div> : null}
    </Card>
  );
  return href ? (
    <Link to={href} aria-label={`${title} ${figure.value}`} style={{ display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    body
  );
}

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

type Region = StatsOverview['byRegion'][number];
type Go = (figure: Figure | undefined) => void;

/** Opening the list behind a chart element, when the role may see it. */
function useGo(): Go {
  const { can } = useSignedIn();
  const navigate = useNavigate();
  return (figure) => {
    const href = figure ? listHref(figure.link, can) : null;
    if (href) navigate(href);
  };
}

const seriesIndex = (names: readonly { name: string }[], e: ChartClick) =>
  names.findIndex((x) => x.name === e.seriesName);

function useRegionSeries() {
  const { t } = useI18n();
  return [
    { key: 'unresolved', name: t('dashboard.unresolved'), color: '#d4380d' },
    { key: 'eliminated', name: t('dashboard.eliminated'), color: '#389e0d' },
    { key: 'identifiedThisMonth', name: t('dashboard.newThisMonth'), color: '#1f5fbf' },
  ] as const;
}

function StatCards({ s }: { s: StatsOverview }) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} md={8} xl={4}>
        <StatCard
          testId="stat-monitored"
          title={t('dashboard.monitoredHouseholds')}
          figure={s.monitored.households}
          sub={
            <>
              {t('dashboard.monitoredPeople')}{' '}
              <FigureLink
                figure={s.monitored.people}
                label={`${t('dashboard.monitoredPeople')} ${s.monitored.people.value}`}
              />
            </>
          }
        />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <StatCard testId="stat-unresolved" title={t('dashboard.unresolved')} figure={s.unresolved.households} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <StatCard testId="stat-eliminated" title={t('dashboard.eliminated')} figure={s.eliminated.households} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <StatCard testId="stat-identifying" title={t('dashboard.identifying')} figure={s.identifying} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <StatCard testId="stat-new" title={t('dashboard.newThisMonth')} figure={s.thisMonth.identified} />
      </Col>
      <Col xs={12} md={8} xl={4}>
        <StatCard
          testId="stat-eliminated-month"
          title={t('dashboard.eliminatedThisMonth')}
          figure={s.thisMonth.eliminated}
        />
      </Col>
    </Row>
  );
}

/** Monitored households and people by category, and the eliminated by method. */
function CategoryCard({ s }: { s: StatsOverview }) {
  const { t, enumLabel } = useI18n();
  return (
    <Card size="small" title={h2(t('dashboard.byCategory'))} style={{ height: '100%' }}>
      <Table
        size="small"
        pagination={false}
        rowKey="category"
        dataSource={s.monitored.byCategory}
        columns={[
          {
            key: 'category',
            title: t('registry.category'),
            render: (_: unknown, c) => enumLabel(MonitoringCategory, c.category),
          },
          {
            key: 'households',
            title: t('dashboard.households'),
            align: 'right',
            render: (_: unknown, c) => <FigureLink figure={c.households} />,
          },
          {
            key: 'people',
            title: t('common.people'),
            align: 'right',
            render: (_: unknown, c) => <FigureLink figure={c.people} />,
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 16 }}>
        {t('dashboard.byMethod')}
      </Typography.Title>
      <Flex gap={16} wrap>
        {s.eliminated.byMethod.map((m) => (
          <span key={m.method}>
            {enumLabel(EliminationMethod, m.method)}: <FigureLink figure={m.households} />
          </span>
        ))}
      </Flex>
    </Card>
  );
}

/** Deadlines due and overdue by kind, and the warnings received, verified and to verify. */
function DeadlineCard({ s }: { s: StatsOverview }) {
  const { t, enumLabel } = useI18n();
  return (
    <Card size="small" title={h2(t('dashboard.deadlines'))} style={{ height: '100%' }}>
      <Table
        size="small"
        pagination={false}
        rowKey="kind"
        dataSource={s.deadlines}
        data-testid="deadline-table"
        columns={[
          {
            key: 'kind',
            title: t('dashboard.deadlineKind'),
            render: (_: unknown, d) => enumLabel(DeadlineKind, d.kind),
          },
          {
            key: 'due',
            title: t('dashboard.due'),
            align: 'right',
            render: (_: unknown, d) => <FigureLink figure={d.due} />,
          },
          {
            key: 'overdue',
            title: t('dashboard.overdue'),
            align: 'right',
            render: (_: unknown, d) => (
              <Typography.Text type={d.overdue.value ? 'danger' : undefined} strong={!!d.overdue.value}>
                <FigureLink figure={d.overdue} />
              </Typography.Text>
            ),
          },
        ]}
      />
      <Flex gap={16} wrap style={{ marginTop: 12 }}>
        <span>
          {t('dashboard.warningsReceived')}: <FigureLink figure={s.warnings.received} />
        </span>
        <span>
          {t('dashboard.warningsVerified')}: <FigureLink figure={s.warnings.verified} />
        </span>
        <span>
          {t('dashboard.warningsToVerify')}: <FigureLink figure={s.warnings.toVerify} />
        </span>
      </Flex>
    </Card>
  );
}

function RegionChart({ s, go }: { s: StatsOverview; go: Go }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const regionSeries = useRegionSeries();
  const regionOption: EChartsOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: s.byRegion.map((r) => r.name),
      axisLabel: { interval: 0, rotate: s.byRegion.length > 6 ? 40 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: regionSeries.map((x) => ({
      type: 'bar',
      name: x.name,
      data: s.byRegion.map((r) => r[x.key].value),
      itemStyle: { color: x.color },
      barMaxWidth: 18,
    })),
  };
  return (
    <Chart
      label={t('dashboard.byArea')}
      option={regionOption}
      height={phone ? 300 : 340}
      onClick={(e) => {
        const row = s.byRegion[e.dataIndex];
        const key = regionSeries[seriesIndex(regionSeries, e)]?.key;
        if (row && key) go(row[key]);
      }}
    />
  );
}

function RegionTable({ s }: { s: StatsOverview }) {
  const { t } = useI18n();
  const regionSeries = useRegionSeries();
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={s.byRegion}
      data-testid="region-table"
      columns={[
        { key: 'name', title: t('registry.area'), render: (_: unknown, r) => r.name },
        {
          key: 'monitored',
          title: t('dashboard.monitored'),
          align: 'right',
          render: (_: unknown, r) => <FigureLink figure={r.monitored} />,
        },
        ...regionSeries.map((x) => ({
          key: x.key,
          title: x.name,
          align: 'right' as const,
          render: (_: unknown, r: Region) => <FigureLink figure={r[x.key]} />,
        })),
      ]}
    />
  );
}

/** By township or village: a chart or a table, as the user picks. */
function RegionCard({ s, go }: { s: StatsOverview; go: Go }) {
  const { t } = useI18n();
  const [regionView, setRegionView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      size="small"
      title={h2(t('dashboard.byArea'))}
      extra={
        <Segmented
          size="small"
          value={regionView}
          onChange={setRegionView}
          aria-label={t('dashboard.view')}
          options={[
            { value: 'chart', label: t('dashboard.chart') },
            { value: 'table', label: t('dashboard.table') },
          ]}
        />
      }
    >
      {regionView === 'chart' ? <RegionChart s={s} go={go} /> : <RegionTable s={s} />}
    </Card>
  );
}

/**
 * A village has no areas below it: its user sees the village's monitored households instead of an empty chart
 * (issue 14 §7), each opening its page, and the whole list in the registry.
 */
function VillageHouseholdsCard({ s }: { s: StatsOverview }) {
  const { t, enumLabel } = useI18n();
  const households = useHouseholds({ region: s.region.code, monitored: true, page: 1, pageSize: 10 });
  return (
    <Card
      size="small"
      title={h2(t('dashboard.villageHouseholds'))}
      extra={<Link to={`/households?region=${s.region.code}&monitored=true`}>{t('dashboard.allHouseholds')}</Link>}
      data-testid="village-households"
    >
      <QueryState query={households}>
        {(page) => (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={page.items}
            locale={{ emptyText: t('dashboard.noMonitored') }}
            columns={[
              {
                key: 'who',
                title: t('registry.head'),
                render: (_, h) => <Link to={`/households/${h.id}`}>{h.headName ?? h.householdNo}</Link>,
              },
              {
                key: 'status',
                title: t('registry.status'),
                render: (_, h) => enumLabel(MonitoringStatus, h.monitoringStatus),
              },
              { key: 'members', title: t('registry.members'), dataIndex: 'memberCount' },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}

function RiskCard({ s, go }: { s: StatsOverview; go: Go }) {
  const { t, enumLabel } = useI18n();
  const phone = useIsPhone();
  const riskOption: EChartsOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: s.riskTypes.map((r) => enumLabel(RiskType, r.riskType)),
      axisLabel: { width: phone ? 90 : 160, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: t('dashboard.unresolved'),
        data: s.riskTypes.map((r) => r.households.value),
        itemStyle: { color: '#d4380d' },
        barMaxWidth: 22,
      },
    ],
  };
  return (
    <Card size="small" title={h2(t('dashboard.riskTypes'))}>
      <Chart
        label={t('dashboard.riskTypes')}
        option={riskOption}
        height={Math.max(200, s.riskTypes.length * 28 + 24)}
        onClick={(e) => go(s.riskTypes[e.dataIndex]?.households)}
      />
    </Card>
  );
}

function TrendCard({ s, go }: { s: StatsOverview; go: Go }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const trendSeries = [
    { key: 'identified', name: t('dashboard.trendIdentified'), color: '#1f5fbf' },
    { key: 'eliminated', name: t('dashboard.trendEliminated'), color: '#389e0d' },
    { key: 'unresolved', name: t('dashboard.unresolved'), color: '#d4380d' },
  ] as const;
  const trendOption: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: s.trend.map((m) => m.month), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: trendSeries.map((x) => ({
      type: 'line',
      name: x.name,
      smooth: true,
      symbolSize: 7,
      data: s.trend.map((m) => m[x.key].value),
      itemStyle: { color: x.color },
    })),
  };
  return (
    <Card size="small" title={h2(t('dashboard.trend'))}>
      <Chart
        label={t('dashboard.trend')}
        option={trendOption}
        height={phone ? 260 : 300}
        onClick={(e) => {
          const m = s.trend[e.dataIndex];
          const key = trendSeries[seriesIndex(trendSeries, e)]?.key;
          if (m && key) go(m[key]);
        }}
      />
    </Card>
  );
}

function Overview({ s }: { s: StatsOverview }) {
  const { t } = useI18n();
  const go = useGo();
  return (
    <Flex vertical gap={16}>
      <StatCards s={s} />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <CategoryCard s={s} />
        </Col>
        <Col xs={24} lg={14}>
          <DeadlineCard s={s} />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          {s.byRegion.length ? <RegionCard s={s} go={go} /> : <VillageHouseholdsCard s={s} />}
        </Col>
        <Col xs={24} xl={10}>
          <RiskCard s={s} go={go} />
        </Col>
      </Row>
      <TrendCard s={s} go={go} />
      <ExchangeCard />
      <Typography.Text type="secondary">{t('dashboard.clickThrough')}</Typography.Text>
    </Flex>
  );
}

/**
 * The dashboard of the user's area (GET /api/stats/overview, DOMAIN §7.3): monitored households and people by
 * category, unresolved and eliminated, new this month, risk types, by township or village, the monthly trend,
 * deadlines due and overdue. Every figure and chart element opens the list behind it.
 */
/** 两线合一 (S0 plan one 一): warn when the area's annual rural 低保 standard is below its monitoring line today. */
function TwoLinesWarning({ region }: { region: string }) {
  const { t, L } = useI18n();
  const policy = useResolvedPolicy(region);
  const two = policy.data?.twoLines;
  if (!two || two.aligned) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      message={t('policy.twoLinesWarning')}
      description={L(two.message)}
      data-testid="two-lines-warning"
    />
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useUrlQuery(StatsQuery.partial());
  const stats = useQuery({
    queryKey: ['stats', 'overview', query],
    queryFn: () => api.get<StatsOverview>('/api/stats/overview', query as Query),
  });
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        sub={
          stats.data
            ? `${stats.data.region.name} · ${t('dashboard.asOf', { date: stats.data.asOf })}${
                stats.data.rollupAt ? ` · ${t('dashboard.rollupAt', { time: when(stats.data.rollupAt) })}` : ''
              }`
            : undefined
        }
        extra={
          <RegionPicker
            aria-label={t('registry.area')}
            value={query.region}
            onChange={(region) => setQuery({ region })}
            style={{ minWidth: 220 }}
            placeholder={session.user.scopeName ?? t('registry.area')}
          />
        }
      />
      {query.region || session.user.scopeCode ? (
        <TwoLinesWarning region={query.region ?? session.user.scopeCode} />
      ) : null}
      <QueryState query={stats} rows={12}>
        {(s) => <Overview s={s} />}
      </QueryState>
    </>
  );
}
