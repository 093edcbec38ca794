import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { RegionCode, type Report } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { z } from 'zod';
import { api, download, isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { percent, today } from '../../lib/format';
import { useUrlQuery } from '../../lib/use-url-query';
import { ReportCharts } from './ReportCharts';
import { ReportTables } from './ReportTables';

const ReportPageQuery = z.object({
  period: z
    .string()
    .regex(/^\d{4}(-\d{2})?$/)
    .optional(),
  region: RegionCode.optional(),
});

/** Download one of the report's files, saying why when it cannot be made (e.g. no Chinese font for the PDF). */
function DownloadButton(p: {
  path: string;
  region?: string | undefined;
  name: string;
  icon: React.ReactNode;
  label: string;
  testId: string;
}) {
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={p.icon}
      loading={busy}
      data-testid={p.testId}
      onClick={async () => {
        setBusy(true);
        try {
          await download(p.path, p.region ? { region: p.region } : {}, p.name);
        } catch (e) {
          message.error(isApiError(e) ? e.text(lang) : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {p.label}
    </Button>
  );
}

/** The headline figures of the period. */
function Headline({ r }: { r: Report }) {
  const { t } = useI18n();
  const items: [string, string | number][] = [
    [t('report.population'), `${r.population.households} / ${r.population.people}`],
    [t('report.monitored'), `${r.monitored.households} / ${r.monitored.people}`],
    [t('report.share'), r.monitored.peopleShare === null ? '—' : percent(r.monitored.peopleShare)],
    [t('report.unresolved'), r.unresolved.households],
    [t('report.identified'), r.identified.households],
    [t('report.eliminated'), r.eliminated.households],
    [t('report.visits'), `${r.visits.visits} / ${r.visits.households}`],
    [t('report.screening'), `${r.screening.runs} / ${r.screening.households}`],
  ];
  return (
    <Row gutter={[16, 16]}>
      {items.map(([label, value]) => (
        <Col key={label} xs={12} md={6}>
          <Card size="small">
            <Statistic title={label} value={value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * 统计报告 (issue 17 §5): the monthly or year-end report of the caller's county or township (or a region inside
 * it), its figures and charts, and the same report as an Excel workbook and a printable PDF.
 */
export function ReportsPage() {
  const { t } = useI18n();
  const [query, setQuery] = useUrlQuery(ReportPageQuery);
  const period = query.period ?? today().slice(0, 4);
  const kind = period.length === 4 ? 'year' : 'month';
  const report = useQuery({
    queryKey: ['reports', period, query.region ?? ''],
    queryFn: () => api.get<Report>(`/api/reports/${period}`, query.region ? { region: query.region } : {}),
  });
  const loaded = report.data;
  const value = dayjs(kind === 'year' ? `${period}-01-01` : `${period}-01`);
  const base = `/api/reports/${period}`;
  const fileName = loaded ? `${loaded.region.name}${loaded.title}` : period;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('report.title')} sub={t('report.sub')} />
      <Space wrap>
        <Segmented
          aria-label={t('report.title')}
          value={kind}
          options={[
            { value: 'month', label: t('report.month') },
            { value: 'year', label: t('report.year') },
          ]}
          onChange={(v) => setQuery({ period: v === 'year' ? period.slice(0, 4) : today().slice(0, 7) })}
        />
        <DatePicker
          picker={kind}
          inputReadOnly
          allowClear={false}
          aria-label={kind === 'year' ? t('report.pickYear') : t('report.pickMonth')}
          value={value}
          disabledDate={(d) => d.isAfter(dayjs(), kind)}
          onChange={(d) => d && setQuery({ period: d.format(kind === 'year' ? 'YYYY' : 'YYYY-MM') })}
        />
        <RegionPicker
          aria-label={t('report.region')}
          value={query.region}
          onChange={(region) => setQuery({ region })}
          style={{ minWidth: 220 }}
        />
        <DownloadButton
          path={`${base}/export.xlsx`}
          region={query.region}
          name={`${fileName}.xlsx`}
          icon={<FileExcelOutlined />}
          label={t('report.excel')}
          testId="report-excel"
        />
        <DownloadButton
          path={`${base}/report.pdf`}
          region={query.region}
          name={`${fileName}.pdf`}
          icon={<FilePdfOutlined />}
          label={t('report.pdf')}
          testId="report-pdf"
        />
      </Space>
      <QueryState query={report}>
        {(r) => (
          <>
            <Typography.Title level={3} data-testid="report-title">
              {r.region.name}
              {r.title}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t('report.period', { start: r.start, end: r.end })}
              {r.complete ? '' : t('report.running')}
            </Typography.Text>
            <Headline r={r} />
            <ReportCharts r={r} />
            <ReportTables r={r} />
          </>
        )}
      </QueryState>
    </Space>
  );
}
