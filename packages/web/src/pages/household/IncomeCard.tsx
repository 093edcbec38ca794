import { incomeByYear, IncomeRecordKind, type IncomeYear } from '@dixian/core';
import type { IncomeView, MemberView, PolicyResolvedView } from '@dixian/core/api';
import { useQueries } from '@tanstack/react-query';
import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { Chart, type EChartsOption } from '../../components/Chart';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n, type I18n } from '../../i18n/i18n';
import { money, today, yuan } from '../../lib/format';

type YearPoint = IncomeYear<IncomeView>;

/** Bars of per-capita income (red below the line) and the line in force as a dashed step. */
function incomeChartOption(points: YearPoint[], lineOf: (i: number) => number | null, t: I18n['t']): EChartsOption {
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? `${v.toLocaleString()} ${t('common.yuan')}` : String(v)),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => String(p.year)) },
    yAxis: { type: 'value', name: t('common.yuan'), axisLabel: { formatter: (v: number) => v.toLocaleString() } },
    series: [
      {
        name: t('household.perCapita'),
        type: 'bar',
        barMaxWidth: 36,
        data: points.map((p, i) => {
          const line = lineOf(i);
          const below = line !== null && p.perCapitaFen !== null && p.perCapitaFen < line;
          return {
            value: p.perCapitaFen === null ? null : p.perCapitaFen / 100,
            itemStyle: { color: below ? '#cf1322' : '#1f5fbf' },
          };
        }),
      },
      {
        name: t('household.line'),
        type: 'line',
        step: 'middle',
        symbol: 'none',
        lineStyle: { type: 'dashed', color: '#d46b08', width: 2 },
        itemStyle: { color: '#d46b08' },
        data: points.map((_p, i) => {
          const line = lineOf(i);
          return line === null ? null : line / 100;
        }),
      },
    ],
  };
}

function incomeColumns(points: YearPoint[], lineOf: (i: number) => number | null, i18n: I18n): Column<YearPoint>[] {
  const { t, lang, enumLabel } = i18n;
  return [
    { key: 'year', title: t('household.year'), card: 'title', render: (p) => p.year },
    {
      key: 'kind',
      title: t('household.kind'),
      card: 'extra',
      render: (p) => enumLabel(IncomeRecordKind, p.record.kind),
    },
    { key: 'net', title: t('household.netIncome'), align: 'right', render: (p) => money(p.netFen, lang) },
    {
      key: 'perCapita',
      title: t('household.perCapita'),
      align: 'right',
      render: (p) => `${money(p.perCapitaFen, lang)} × ${p.people}`,
    },
    {
      key: 'line',
      title: t('household.line'),
      align: 'right',
      render: (p) => money(lineOf(points.indexOf(p)), lang),
    },
    { key: 'wage', title: t('household.wage'), align: 'right', render: (p) => yuan(p.record.wageFen) },
    {
      key: 'business',
      title: t('household.business'),
      align: 'right',
      render: (p) => yuan(p.record.businessGrossFen - p.record.businessCostFen),
    },
    { key: 'transfer', title: t('household.transfer'), align: 'right', render: (p) => yuan(p.record.transferFen) },
    {
      key: 'medical',
      title: t('household.medical'),
      align: 'right',
      render: (p) => yuan(p.record.medicalOutOfPocketFen),
    },
  ];
}

/**
 * Each year's income (core `incomeByYear`) and the line in force in the village at the year's end (or today for
 * the current year), for the income card and the printable household file.
 */
export function useIncomeYears(incomes: IncomeView[], members: MemberView[], regionCode: string) {
  const now = today();
  const points = useMemo(() => incomeByYear(incomes, members, now), [incomes, members, now]);
  const lines = useQueries({
    queries: points.map((p) => {
      const date = `${p.year}-12-31` < now ? `${p.year}-12-31` : now;
      return {
        queryKey: ['policies', 'resolved', regionCode, date],
        queryFn: () => api.get<PolicyResolvedView>('/api/policies/resolved', { region: regionCode, date }),
        staleTime: 5 * 60_000,
      };
    }),
  });
  const lineOf = (i: number) => {
    const body = lines[i]?.data?.body as { monitoringIncomeLineFen?: number } | undefined;
    return body?.monitoringIncomeLineFen ?? null;
  };
  return { points, lineOf };
}

/**
 * Income by year against the monitoring line: per-capita net income over the members the assessment counts today
 * (core `incomeByYear`, so the chart and the assessment never disagree) as bars, and the line in force in the household's village at each year's end (GET /api/policies/resolved) as a
 * line, so a change of the line shows as a step.
 */
export function IncomeCard({
  incomes,
  regionCode,
  members,
}: {
  incomes: IncomeView[];
  regionCode: string;
  members: MemberView[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { points, lineOf } = useIncomeYears(incomes, members, regionCode);

  const option = incomeChartOption(points, lineOf, t);
  const columns = incomeColumns(points, lineOf, i18n);

  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.income')}</h2>} size="small">
      {points.length === 0 ? (
        <Empty description={t('household.noIncome')} />
      ) : (
        <>
          <Chart option={option} height={240} label={t('household.incomeChart')} />
          <ResponsiveTable
            caption={t('household.income')}
            rows={[...points].reverse()}
            columns={columns}
            rowKey={(p) => String(p.year)}
          />
        </>
      )}
    </Card>
  );
}
