import { DownloadOutlined } from '@ant-design/icons';
import { CaseStage, Department, FEED_DEPARTMENTS, LeadStatus, WarningStatus } from '@dixian/core';
import type {
  FeedBatchDetail,
  FeedBatchList,
  FeedBatchView,
  FeedProblem,
  FeedRowOutcomeView,
  FeedRowsPage,
  FeedUndoResult,
  FeedUploadResult,
} from '@dixian/core/api';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { api, download, isApiError, uploadFile, type ApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { BulkBar } from '../../components/list/BulkBar';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { FileDrop } from '../../components/FileDrop';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { useUrlQuery } from '../../lib/use-url-query';
import { signalLabel } from '../../features/warnings/signal-label';
import { WarningOutcome } from '../../features/warnings/WarningOutcome';

/** The page's state in the URL: the department chosen, the batch open and the page of its rows. */
const FeedsQuery = z.object({
  department: z.enum(Department.values).optional(),
  batch: z.guid().optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

const FEED_DEPARTMENT_ENUM = { values: FEED_DEPARTMENTS, labels: Department.labels };

const STATUS_COLORS: Record<FeedBatchView['status'], string> = {
  done: 'green',
  failed: 'red',
  staging: 'blue',
  undone: 'default',
};

/**
 * 撤销本批 (issue 12 #11): after a confirm, removes the batch's warnings and the leads it opened; the server refuses
 * (422, with the reasons) when any of them has been worked.
 */
function UndoButton({ batch }: { batch: FeedBatchView }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const undo = async () => {
    setBusy(true);
    try {
      const r = await api.post<FeedUndoResult>(`/api/feeds/${batch.id}/undo`, {});
      message.success(t('feeds.undone', { warnings: r.warningsRemoved, leads: r.leadsRemoved }));
      for (const k of ['feeds', 'warnings', 'leads', 'stats', 'deadlines']) {
        void client.invalidateQueries({ queryKey: [k] });
      }
    } catch (e) {
      if (isApiError(e)) {
        modal.error({
          title: e.text(lang),
          content: (
            <ul>
              {e.issues.map((i, n) => (
                <li key={n}>
                  {i.row ? `${t('feeds.row')} ${i.row}: ` : ''}
                  {i.message}
                </li>
              ))}
            </ul>
          ),
        });
      } else message.error(String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm title={t('feeds.undo')} description={t('feeds.undoConfirm')} onConfirm={() => void undo()}>
      <Button danger loading={busy} data-testid="feed-undo">
        {t('feeds.undo')}
      </Button>
    </Popconfirm>
  );
}

function useDownload() {
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (path: string, fallback: string) => {
    setBusy(true);
    try {
      await download(path, undefined, fallback);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** Upload with a real progress bar: bytes sent (XMLHttpRequest upload progress), then the server's import. */
function FeedUpload({ department, onDone }: { department: Department; onDone: (r: FeedUploadResult) => void }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<{ name: string; sent: number } | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const start = async (file: File) => {
    setError(null);
    setState({ name: file.name, sent: 0 });
    try {
      const r = await uploadFile<FeedUploadResult>('/api/feeds', { department, fileName: file.name }, file, (f) =>
        setState({ name: file.name, sent: f }),
      );
      onDone(r);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setState(null);
    }
  };
  const percent = state ? Math.round(state.sent * 100) : 0;
  return (
    <div>
      <FileDrop
        accept=".csv,.txt,.xlsx"
        disabled={!!state}
        onFile={(file) => void start(file)}
        text={t('feeds.upload')}
        hint={t('feeds.uploadHint')}
        testId="feed-upload"
      />
      {state ? (
        <div style={{ marginTop: 12 }} role="status" aria-live="polite">
          <Typography.Text>
            {percent < 100 ? t('feeds.uploading', { name: state.name }) : t('feeds.importing')}
          </Typography.Text>
          <Progress
            percent={percent}
            status="active"
            aria-label={t('feeds.uploading', { name: state.name })}
            data-testid="feed-progress"
          />
        </div>
      ) : null}
      {error ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={t('feeds.failed')}
          description={
            <>
              <div>{isApiError(error) ? error.text(lang) : error.message}</div>
              {isApiError(error)
                ? error.issues.map((i, n) => (
                    <div key={n}>
                      {i.path ? `${i.path}: ` : ''}
                      {i.message}
                    </div>
                  ))
                : null}
            </>
          }
          data-testid="feed-error"
        />
      ) : null}
    </div>
  );
}

function ProblemList({ detail }: { detail: FeedBatchDetail }) {
  const { t, lang } = useI18n();
  const columns: Column<FeedProblem & { n: number }>[] = [
    {
      key: 'row',
      title: t('feeds.row'),
      card: 'title',
      render: (p) => (p.rowNo === null ? t('feeds.wholeFile') : `${t('feeds.row')} ${p.rowNo}`),
    },
    {
      key: 'severity',
      title: t('feeds.severity'),
      card: 'extra',
      render: (p) =>
        p.severity === 'error' ? <Tag color="red">{t('feeds.error')}</Tag> : <Tag>{t('feeds.notice')}</Tag>,
    },
    { key: 'column', title: t('feeds.column'), render: (p) => p.column ?? '—' },
    {
      key: 'problem',
      title: t('feeds.problem'),
      render: (p) => (lang === 'zh' ? p.problem.split(' / ')[0] : (p.problem.split(' / ')[1] ?? p.problem)),
    },
  ];
  return (
    <>
      {detail.problemsTotal > detail.problems.length ? (
        <Typography.Paragraph type="secondary">
          {t('feeds.problemsMore', { n: detail.problemsTotal, shown: detail.problems.length })}
        </Typography.Paragraph>
      ) : null}
      <ResponsiveTable
        caption={t('feeds.problems')}
        rows={detail.problems.map((p, n) => ({ ...p, n }))}
        columns={columns}
        rowKey={(p) => String(p.n)}
        empty={t('feeds.noProblems')}
      />
    </>
  );
}

const OUTCOME_COLORS = { invalid: 'red', unmatched: 'orange', outside_scope: 'default', matched: 'green' } as const;

function WarningCell({ r }: { r: FeedRowOutcomeView }) {
  const { t, enumLabel, L } = useI18n();
  if (!r.warningStatus)
    return <Typography.Text type="secondary">{r.noSignal ? L(r.noSignal) : t('feeds.noWarning')}</Typography.Text>;
  return (
    <div>
      <div>{r.signalType ? signalLabel(r.signalType, L) : null}</div>
      <Tag color="blue" data-testid="feed-row-warning">
        {enumLabel(WarningStatus, r.warningStatus)}
      </Tag>
      {r.warnedEarlier ? <Typography.Text type="secondary">{t('feeds.warnedEarlier')}</Typography.Text> : null}
    </div>
  );
}

function LeadCell({ r }: { r: FeedRowOutcomeView }) {
  const { t, enumLabel } = useI18n();
  if (!r.leadStatus) return '—';
  return (
    <div>
      <Tag>{enumLabel(LeadStatus, r.leadStatus)}</Tag>
      {r.verifyDueOn ? <div>{t('feeds.verifyBy', { date: r.verifyDueOn })}</div> : null}
      {r.identificationDueOn ? <div>{t('feeds.identifyBy', { date: r.identificationDueOn })}</div> : null}
    </div>
  );
}

function CaseCell({ r }: { r: FeedRowOutcomeView }) {
  const { enumLabel } = useI18n();
  const session = useSignedIn();
  if (!r.caseStage) return '—';
  const stage = enumLabel(CaseStage, r.caseStage);
  return r.caseId && session.can('case.read') ? <Link to={`/cases/${r.caseId}`}>{stage}</Link> : stage;
}

function useRowOutcomeColumns(): Column<FeedRowOutcomeView>[] {
  const { t } = useI18n();
  return [
    {
      key: 'person',
      title: t('feeds.person'),
      card: 'title',
      render: (r) => `${t('feeds.row')} ${r.rowNo} · ${r.personName ?? '—'}`,
    },
    {
      key: 'match',
      title: t('feeds.match'),
      card: 'extra',
      render: (r) => (
        <Tag color={OUTCOME_COLORS[r.outcome]} data-testid="feed-row-outcome">
          {t(`feeds.outcome.${r.outcome}`)}
        </Tag>
      ),
    },
    {
      key: 'id',
      title: t('apply.idNumber'),
      render: (r) => (r.idNumber ? <Typography.Text code>{r.idNumber}</Typography.Text> : '—'),
    },
    { key: 'warning', title: t('feeds.warning'), render: (r) => <WarningCell r={r} /> },
    { key: 'verification', title: t('warnings.result'), render: (r) => <WarningOutcome w={r} /> },
    { key: 'lead', title: t('feeds.lead'), render: (r) => <LeadCell r={r} /> },
    { key: 'case', title: t('feeds.case'), render: (r) => <CaseCell r={r} /> },
  ];
}

/** What became of each row: the match, the warning, its lead with status and deadlines, and the case's stage. */
function RowOutcomes({ batchId }: { batchId: string }) {
  const { t } = useI18n();
  const [query, setQuery] = useUrlQuery(FeedsQuery);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const rows = useQuery({
    queryKey: ['feeds', 'rows', batchId, page, pageSize],
    queryFn: () => api.get<FeedRowsPage>(`/api/feeds/${batchId}/rows`, { page, pageSize }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      {rows.isError ? <ErrorAlert error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      <ResponsiveTable
        caption={t('feeds.outcomes')}
        rows={rows.data?.items ?? []}
        columns={useRowOutcomeColumns()}
        rowKey={(r) => String(r.rowNo)}
        loading={rows.isFetching}
        paging={{
          page,
          pageSize,
          total: rows.data?.total ?? 0,
          onChange: (p, s) => setQuery({ page: p, pageSize: s }, { keepPage: true }),
        }}
      />
    </>
  );
}

/** One batch: its counts, the first problems, the report to download and every row's outcome. */
function BatchResult({ batchId, alreadyImported }: { batchId: string; alreadyImported: boolean }) {
  const { t, enumLabel } = useI18n();
  const { can } = useSignedIn();
  const report = useDownload();
  const detail = useQuery({
    queryKey: ['feeds', 'detail', batchId],
    queryFn: () => api.get<FeedBatchDetail>(`/api/feeds/${batchId}`),
  });
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Card loading />;
  const b = detail.data.batch;
  const figures: [string, number, string?][] = [
    [t('feeds.rows'), b.rowsTotal],
    [t('feeds.valid'), b.rowsValid],
    [t('feeds.invalid'), b.rowsInvalid, b.rowsInvalid ? '#cf1322' : undefined],
    [t('feeds.skipped'), b.rowsSkipped],
    [t('feeds.matched'), b.rowsMatched],
    [t('feeds.unmatched'), b.rowsUnmatched],
    [t('feeds.warnings'), b.warningsCreated, b.warningsCreated ? '#d46b08' : undefined],
    [t('feeds.duplicates'), b.duplicates],
    [t('feeds.leads'), b.leadsCreated],
    [t('feeds.attached'), b.attachedToCase + b.attachedToLead],
  ];
  return (
    <Card
      title={t('feeds.result')}
      style={{ marginBottom: 16 }}
      extra={
        <Space wrap>
          {b.status === 'done' && can('feed.upload') ? <UndoButton batch={b} /> : null}
          <Button
            icon={<DownloadOutlined />}
            loading={report.busy}
            onClick={() => void report.run(`/api/feeds/${b.id}/report.xlsx`, 'report.xlsx')}
            data-testid="feed-report"
          >
            {t('feeds.report')}
          </Button>
        </Space>
      }
      data-testid="feed-result"
    >
      {alreadyImported ? (
        <Alert type="info" showIcon message={t('feeds.already')} style={{ marginBottom: 12 }} />
      ) : null}
      {b.status === 'failed' ? (
        <Alert type="error" showIcon message={t('feeds.failed')} description={b.error} style={{ marginBottom: 12 }} />
      ) : null}
      {b.status === 'undone' ? (
        <Alert type="warning" showIcon message={t('feeds.undoneNote')} style={{ marginBottom: 12 }} />
      ) : null}
      <Typography.Paragraph>
        {t('feeds.file')}: <Typography.Text strong>{b.fileName}</Typography.Text> ·{' '}
        {enumLabel(Department, b.department)} · {t('feeds.received')} {when(b.startedAt)}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {figures.map(([label, value, color]) => (
          <Col xs={12} sm={8} md={6} lg={4} key={label}>
            <Statistic title={label} value={value} valueStyle={color ? { color } : undefined} />
          </Col>
        ))}
      </Row>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('feeds.problems')}
      </Typography.Title>
      <ProblemList detail={detail.data} />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('feeds.outcomes')}
      </Typography.Title>
      <RowOutcomes batchId={b.id} />
    </Card>
  );
}

type SetFeedsQuery = ReturnType<typeof useUrlQuery<typeof FeedsQuery>>[1];

function useBatchColumns(
  own: Department | null | undefined,
  open: (b: FeedBatchView) => void,
): Column<FeedBatchView>[] {
  const { t, enumLabel } = useI18n();
  const dept: Column<FeedBatchView>[] = own
    ? []
    : [{ key: 'department', title: t('feeds.department'), render: (b) => enumLabel(Department, b.department) }];
  return [
    {
      key: 'file',
      title: t('feeds.file'),
      card: 'title',
      render: (b) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => open(b)}
        >
          {b.fileName}
        </Button>
      ),
    },
    {
      key: 'status',
      title: t('feeds.batchStatus'),
      card: 'extra',
      render: (b) => <Tag color={STATUS_COLORS[b.status]}>{t(`feeds.status.${b.status}`)}</Tag>,
    },
    ...dept,
    { key: 'received', title: t('feeds.received'), render: (b) => when(b.startedAt) },
    { key: 'rows', title: t('feeds.rows'), render: (b) => b.rowsTotal },
    { key: 'invalid', title: t('feeds.invalid'), render: (b) => b.rowsInvalid },
    { key: 'matched', title: t('feeds.matched'), render: (b) => b.rowsMatched },
    { key: 'warnings', title: t('feeds.warnings'), render: (b) => b.warningsCreated },
  ];
}

/**
 * 撤销所选: the server's undo (POST /api/feeds/:id/undo) for each chosen batch still in force, one after another,
 * after one confirm; a batch the server refuses (its leads worked) is named with its reason, the others are undone.
 */
function UndoSelected({ batches, onDone }: { batches: FeedBatchView[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const done = batches.filter((b) => b.status === 'done');
  if (!done.length) return null;
  const undo = async () => {
    setBusy(true);
    const refused: string[] = [];
    for (const b of done) {
      try {
        await api.post<FeedUndoResult>(`/api/feeds/${b.id}/undo`, {});
      } catch (e) {
        refused.push(`${b.fileName}: ${isApiError(e) ? e.text(lang) : String(e)}`);
      }
    }
    setBusy(false);
    for (const k of ['feeds', 'warnings', 'leads', 'stats', 'deadlines'])
      void client.invalidateQueries({ queryKey: [k] });
    if (refused.length)
      modal.error({
        title: t('list.undoRefused'),
        content: (
          <ul>
            {refused.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ),
      });
    else message.success(t('list.undoneN', { n: done.length }));
    onDone();
  };
  return (
    <Popconfirm
      title={t('list.undoSelected', { n: done.length })}
      description={t('feeds.undoConfirm')}
      onConfirm={() => void undo()}
    >
      <Button size="small" danger loading={busy} data-testid="feed-undo-selected">
        {t('list.undoSelected', { n: done.length })}
      </Button>
    </Popconfirm>
  );
}

/** Earlier imports, newest first, with a box each: export the chosen, or undo them together. */
function FeedHistory({
  own,
  setQuery,
  onOpen,
}: {
  own: Department | null | undefined;
  setQuery: SetFeedsQuery;
  onOpen: () => void;
}) {
  const { t } = useI18n();
  const canUndo = useSignedIn().can('feed.upload');
  const [selected, setSelected] = useState<string[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const history = useQuery({
    queryKey: ['feeds', 'list', own ?? null],
    queryFn: () => api.get<FeedBatchList>('/api/feeds'),
  });
  const columns = useBatchColumns(own, (b) => {
    onOpen();
    setQuery({ batch: b.id, department: own ? undefined : b.department });
  });
  const rows = history.data?.items ?? [];
  const chosen = rows.filter((b) => selected.includes(b.id));
  return (
    <div ref={box}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('feeds.history')}
      </Typography.Title>
      {history.isError ? <ErrorAlert error={history.error} onRetry={() => void history.refetch()} /> : null}
      {chosen.length ? (
        <BulkBar
          title={t('feeds.history')}
          fileName="feeds.xlsx"
          columns={columns.map((c) => ({ key: c.key, title: c.title as string }))}
          keys={chosen.map((b) => b.id)}
          root={() => box.current}
          onClear={() => setSelected([])}
          actions={canUndo ? <UndoSelected batches={chosen} onDone={() => setSelected([])} /> : null}
        />
      ) : null}
      <ResponsiveTable
        caption={t('feeds.history')}
        rows={rows}
        columns={columns}
        rowKey={(b) => b.id}
        loading={history.isFetching}
        empty={t('feeds.historyEmpty')}
        selection={{ keys: selected, onChange: setSelected }}
      />
    </div>
  );
}

/** The department (fixed for a department officer) and the upload of its file. */
function UploadCard(p: {
  own: Department | null | undefined;
  department: Department | undefined;
  setQuery: SetFeedsQuery;
  onUploaded: (r: FeedUploadResult) => void;
}) {
  const { t } = useI18n();
  const phone = useIsPhone();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex vertical gap={12}>
        {p.own ? null : (
          <EnumSelect
            enumDef={FEED_DEPARTMENT_ENUM}
            aria-label={t('feeds.department')}
            placeholder={t('feeds.pickDepartment')}
            value={p.department}
            onChange={(d) => p.setQuery({ department: d, batch: undefined })}
            style={{ width: phone ? '100%' : 280 }}
            size={phone ? 'large' : 'middle'}
          />
        )}
        {p.department ? (
          <FeedUpload department={p.department} onDone={p.onUploaded} />
        ) : (
          <Typography.Text type="secondary">{t('feeds.pickDepartment')}</Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/**
 * Department data feeds (issue 5 §1–2, issue 6 §5; S1 §四(二)3): a department officer (or the county bureau for
 * any department) downloads the template, uploads the department's file with a progress bar, and sees the result:
 * the counts, the problems by row and column, the validation report, and what became of every row it sent. The
 * history lists earlier imports. Department officers have their department fixed.
 */
export function FeedsPage() {
  const { t, enumLabel } = useI18n();
  const session = useSignedIn();
  const client = useQueryClient();
  const [query, setQuery] = useUrlQuery(FeedsQuery);
  const [already, setAlready] = useState<string | null>(null);
  const own = session.user.department as Department | null | undefined;
  const department = own ?? query.department;
  const template = useDownload();
  const onUploaded = (r: FeedUploadResult) => {
    setAlready(r.alreadyImported ? r.batch.id : null);
    setQuery({ batch: r.batch.id });
    for (const k of ['feeds', 'warnings', 'leads', 'stats', 'deadlines'])
      void client.invalidateQueries({ queryKey: [k] });
  };
  return (
    <>
      <PageHeader
        title={t('feeds.title')}
        sub={own ? enumLabel(Department, own) : t('feeds.sub')}
        extra={
          department ? (
            <Button
              icon={<DownloadOutlined />}
              loading={template.busy}
              onClick={() => void template.run(`/api/feeds/templates/${department}.xlsx`, 'template.xlsx')}
              data-testid="feed-template"
            >
              {t('feeds.template')}
            </Button>
          ) : null
        }
      />
      <UploadCard own={own} department={department} setQuery={setQuery} onUploaded={onUploaded} />
      {query.batch ? <BatchResult batchId={query.batch} alreadyImported={already === query.batch} /> : null}
      <FeedHistory own={own} setQuery={setQuery} onOpen={() => setAlready(null)} />
    </>
  );
}
