import { PrinterOutlined, ScheduleOutlined, UpOutlined } from '@ant-design/icons';
import { EIGHT_POINTS, type EightPointId } from '@dixian/core';
import {
  EightPointsQuery,
  type BulkRaiseResult,
  type EightPointFigure,
  type EightPointsReport,
  type EightPointsRow,
} from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { RaiseDialog } from '../../features/supervision/RaiseDialog';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { useUrlQuery } from '../../lib/use-url-query';
import { PointHouseholds } from './PointHouseholds';
import { EightPointsSheet } from './EightPointsSheet';
import './eight-points.css';

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** One figure: met / counted and the share, red where short of the target; a click lists the households. */
function FigureCell(p: { f: EightPointFigure; onOpen: () => void; testId: string }) {
  const { t } = useI18n();
  if (p.f.denominator === 0) return <Typography.Text type="secondary">{t('eight.notJudged')}</Typography.Text>;
  return (
    <Button type="link" className="eight-cell" onClick={p.onOpen} data-testid={p.testId} data-short={p.f.short}>
      <span className={p.f.short ? 'eight-short' : undefined}>
        {p.f.met}/{p.f.denominator}({pct(p.f.share)})
      </span>
    </Button>
  );
}

function AwarenessCell({ row }: { row: EightPointsRow }) {
  const { t } = useI18n();
  const a = row.awareness;
  if (!a.respondents) return <span className="eight-short">{t('eight.noSurvey')}</span>;
  return (
    <span className={a.short ? 'eight-short' : undefined}>
      {a.aware}/{a.respondents}({pct(a.share)})
    </span>
  );
}

type Opened = { point: EightPointId; region: string; name: string };

/** The region column (a child region drills down), one column per point, and the awareness. */
function useColumns(here: string, drill: (region: string) => void, setOpen: (o: Opened) => void) {
  const { t, L } = useI18n();
  return [
    {
      key: 'region',
      title: t('eight.region'),
      fixed: 'left' as const,
      render: (_: unknown, r: EightPointsRow) =>
        r.regionCode !== here && r.regionCode.length < 12 ? (
          <Button type="link" className="eight-cell" onClick={() => drill(r.regionCode)}>
            {r.regionName ?? r.regionCode}
          </Button>
        ) : (
          <strong>{r.regionName}</strong>
        ),
    },
    ...EIGHT_POINTS.map((p) => ({
      key: p.id,
      title: (
        <Tooltip title={`${L(p.numerator)} / ${L(p.denominator)}`}>
          {p.seq}. {L(p.label)}
        </Tooltip>
      ),
      render: (_: unknown, r: EightPointsRow) => (
        <FigureCell
          f={r.figures[p.id]}
          testId={`figure-${p.id}-${r.regionCode}`}
          onOpen={() => setOpen({ point: p.id, region: r.regionCode, name: r.regionName ?? '' })}
        />
      ),
    })),
    {
      key: 'awareness',
      title: t('eight.awareness'),
      render: (_: unknown, r: EightPointsRow) => <AwarenessCell row={r} />,
    },
  ];
}

/** The screening-task ledger (S3 §五): a task per child region and point short of its target. */
function TasksButton({ region, asOf }: { region: string; asOf: string }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const [open, setOpen] = useState(false);
  if (!session.can('ledger.write')) return null;
  return (
    <>
      <Button icon={<ScheduleOutlined />} onClick={() => setOpen(true)} data-testid="eight-tasks">
        {t('eight.tasks')}
      </Button>
      <RaiseDialog
        tasks
        open={open}
        onClose={() => setOpen(false)}
        region={region}
        send={async (terms) => [
          await api.post<BulkRaiseResult>('/api/supervision/eight-points/tasks', { ...terms, region, asOf }),
        ]}
      />
    </>
  );
}

/**
 * The eight inspection points of the rectification plan (S3 §三) side by side for the child regions of an area
 * (townships of the county, villages of a township), red where short of the target, each figure opening the
 * households behind it; the area's inspection sheet prints on its own (eight-points.css).
 */
export function EightPointsPage() {
  const { t } = useI18n();
  const [query, setQuery] = useUrlQuery(EightPointsQuery);
  const [open, setOpen] = useState<Opened | null>(null);
  const report = useQuery({
    queryKey: ['supervision', 'eight-points', query.region ?? '', query.asOf ?? ''],
    queryFn: () => api.get<EightPointsReport>('/api/supervision/eight-points', query),
  });
  const d = report.data;
  const here = d?.total.regionCode ?? '';
  const up = here.length > 6 ? here.slice(0, here.length === 12 ? 9 : 6) : null;
  const rows = d ? [...d.rows, { ...d.total, regionName: `${t('eight.total')}(${d.total.regionName ?? ''})` }] : [];
  const columns = useColumns(here, (region) => setQuery({ region }), setOpen);
  return (
    <>
      <div className="no-print">
        <PageHeader
          title={t('eight.title')}
          sub={d ? t('eight.sub', { date: d.asOf }) : undefined}
          extra={
            <Space>
              {up ? (
                <Button icon={<UpOutlined />} onClick={() => setQuery({ region: up })}>
                  {t('eight.up')}
                </Button>
              ) : null}
              {d ? <TasksButton region={here} asOf={d.asOf} /> : null}
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!d} data-testid="eight-print">
                {t('eight.print')}
              </Button>
            </Space>
          }
        />
        {report.isError ? <ErrorAlert error={report.error} onRetry={() => void report.refetch()} /> : null}
        <Table<EightPointsRow>
          rowKey="regionCode"
          size="small"
          bordered
          loading={report.isFetching}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="eight-points-table"
        />
      </div>
      {d ? <EightPointsSheet report={d} /> : null}
      {open ? (
        <PointHouseholds
          point={open.point}
          region={open.region}
          regionName={open.name}
          asOf={d?.asOf}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
