import { MeasureType, RiskType } from '@dixian/core';
import type { Report } from '@dixian/core/api';
import { Card, Col, Row } from 'antd';
import { Chart, type EChartsOption } from '../../components/Chart';
import { useI18n } from '../../i18n/i18n';

/** The report's charts (ECharts, the dashboard's library): the areas compared, risk types and measure types. */
export function ReportCharts({ r }: { r: Report }) {
  const { t, enumLabel } = useI18n();
  const series = [
    { key: 'monitoredHouseholds', name: t('report.series.monitored') },
    { key: 'identified', name: t('report.series.identified') },
    { key: 'eliminated', name: t('report.series.eliminated') },
  ] as const;
  const regions: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    xAxis: { type: 'category', data: r.byRegion.map((x) => x.name), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: r.byRegion.map((x) => x[s.key]) })),
  };
  const pie = (data: { name: string; value: number }[]): EChartsOption => ({
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {c}' } }],
  });
  return (
    <Row gutter={[16, 16]}>
      {r.byRegion.length ? (
        <Col xs={24}>
          <Card size="small" title={t('report.chartRegions')}>
            <Chart option={regions} label={t('report.chartRegions')} height={300} />
          </Card>
        </Col>
      ) : null}
      <Col xs={24} md={12}>
        <Card size="small" title={t('report.chartRisks')}>
          <Chart
            option={pie(r.riskTypes.map((x) => ({ name: enumLabel(RiskType, x.riskType), value: x.households })))}
            label={t('report.chartRisks')}
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('report.chartMeasures')}>
          <Chart
            option={pie(r.measures.byType.map((x) => ({ name: enumLabel(MeasureType, x.type), value: x.inForce })))}
            label={t('report.chartMeasures')}
          />
        </Card>
      </Col>
    </Row>
  );
}
