import { PlayCircleOutlined } from '@ant-design/icons';
import {
  citeSource,
  MonitoringCategory,
  policyVersionText,
  reasonText,
  ScreeningFinding,
  ScreeningRunStatus,
} from '@dixian/core';
import type {
  LedgerRaiseBody,
  LedgerRaiseResult,
  ScreeningComparison,
  ScreeningDiffItem,
  ScreeningResultItem,
  ScreeningResultPage,
  ScreeningRunList,
  ScreeningRunView,
} from '@dixian/core/api';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  List,
  Radio,
  Row,
  Segmented,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { api, isApiError, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ExportButton } from '../../components/ExportButton';
import { BulkBar } from '../../components/list/BulkBar';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { useUrlQuery } from '../../lib/use-url-query';

const FINDINGS = ScreeningFinding.values;
type Finding = ScreeningFinding;

/** What the page keeps in the URL: the run looked at, the finding tab, departures or findings, the page. */
const PageQuery = z.object({
  run: z.guid().optional(),
  finding: z.enum(FINDINGS).optional(),
  cleared: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).optional(),
});

const STATUS_COLOR: Record<ScreeningRunView['status'], string> = {
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** The rule ids and state changes that decided a finding, as tags. */
/** The rules and state changes behind a finding, in words (core's rule labels), never as ids. */
function Reasons({ reasons }: { reasons: string[] }) {
  const { L } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {reasons.map((r) => (
        <Tag key={r} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
          {L(reasonText(r))}
        </Tag>
      ))}
    </Space>
  );
}

function RunStatus({ run }: { run: ScreeningRunView }) {
  const { enumLabel } = useI18n();
  return <Badge status={STATUS_COLOR[run.status] as 'processing'} text={enumLabel(ScreeningRunStatus, run.status)} />;
}

/** The runs of the area, newest first, with their counts per finding. */
function RunsTable({
  runs,
  selected,
  onSelect,
}: {
  runs: ScreeningRunView[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t, enumLabel, L } = useI18n();
  const columns: Column<ScreeningRunView>[] = [
    {
      key: 'asOf',
      title: t('screening.asOf'),
      card: 'title',
      render: (r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, fontWeight: r.id === selected ? 600 : undefined }}
          onClick={() => onSelect(r.id)}
          disabled={r.status !== 'done'}
          data-testid="screening-run"
        >
          {r.asOf} · {r.scopeName ?? r.scopeCode}
        </Button>
      ),
    },
    { key: 'status', title: t('screening.statusCol'), card: 'extra', render: (r) => <RunStatus run={r} /> },
    ...FINDINGS.map((f): Column<ScreeningRunView> => ({
      key: f,
      title: enumLabel(ScreeningFinding, f),
      render: (r) =>
        r.status === 'done' ? (
          <span data-testid={`count-${f}`}>
            {r.counts[f].flagged}
            {r.previousRunId && r.counts[f].cleared ? (
              <Typography.Text type="secondary"> {t('screening.leftN', { n: r.counts[f].cleared })}</Typography.Text>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    })),
    { key: 'scanned', title: t('screening.scanned'), render: (r) => r.householdsScanned ?? '—' },
    {
      key: 'policy',
      title: t('screening.policy'),
      render: (r) => (r.policyVersion ? L(policyVersionText(r.policyVersion)) : '—'),
    },
    {
      key: 'started',
      title: t('screening.started'),
      render: (r) => (
        <span>
          {when(r.startedAt)}
          {r.error ? <Typography.Text type="danger"> {r.error}</Typography.Text> : null}
        </span>
      ),
    },
  ];
  return (
    <ResponsiveTable
      caption={t('screening.runs')}
      rows={runs}
      columns={columns}
      rowKey={(r) => r.id}
      empty={t('screening.noRuns')}
    />
  );
}

/** Households chosen on the findings list, to be raised into the ledger together. */
interface Picked {
  ids: ReadonlySet<string>;
  set: (ids: ReadonlySet<string>) => void;
}

function useResultColumns(): Column<ScreeningResultItem>[] {
  const { t, enumLabel, L } = useI18n();
  return [
    {
      key: 'household',
      title: t('registry.householdNo'),
      card: 'title',
      render: (r) => (
        <Link to={`/households/${r.householdId}`} data-testid="screening-household">
          {r.householdNo ?? r.householdId}
        </Link>
      ),
    },
    { key: 'village', title: t('registry.village'), card: 'extra', render: (r) => r.villageName ?? r.regionCode },
    {
      key: 'category',
      title: t('registry.category'),
      render: (r) => (r.category ? enumLabel(MonitoringCategory, r.category) : '—'),
    },
    {
      key: 'why',
      title: t('screening.why'),
      render: (r) => (
        <div
          style={{ minWidth: 0, maxWidth: 640, whiteSpace: 'normal', overflowWrap: 'anywhere' }}
          data-testid="screening-explanation"
        >
          <div>{L(r.explanation.message)}</div>
          <Reasons reasons={r.explanation.reasons} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[citeSource(r.explanation.source), policyVersionText(r.explanation.policyVersion)]
              .map(L)
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
  ];
}

/**
 * A run's findings of one kind (or its departures), each with its explanation and a link to the household; with
 * `picked`, the list scaffold's box per household to choose it, and its bulk bar (export of the chosen).
 */
function Results(p: {
  run: ScreeningRunView;
  finding: Finding;
  cleared: boolean;
  page: number;
  onPage: (page: number, pageSize: number) => void;
  picked?: Picked | undefined;
}) {
  const { t, enumLabel } = useI18n();
  const { run, finding, cleared, page, picked } = p;
  const [pageSize, setPageSize] = useState(20);
  const box = useRef<HTMLDivElement>(null);
  const q = { finding, cleared: cleared ? 'true' : undefined, page, pageSize };
  const results = useQuery({
    queryKey: ['screening', 'results', run.id, q],
    queryFn: () => api.get<ScreeningResultPage>(`/api/screening/runs/${run.id}/results`, q as Query),
    placeholderData: keepPreviousData,
  });
  const columns = useResultColumns();
  const rows = results.data?.items ?? [];
  const noOf = (id: string) => rows.find((r) => r.householdId === id)?.householdNo ?? id;
  const shown = rows.map((r) => r.householdId).filter((id) => picked?.ids.has(id));
  return (
    <div ref={box}>
      {results.isError ? <ErrorAlert error={results.error} onRetry={() => void results.refetch()} /> : null}
      {picked && shown.length ? (
        <BulkBar
          title={enumLabel(ScreeningFinding, finding)}
          fileName={`screening-${run.asOf}.xlsx`}
          columns={columns.filter((c) => c.key !== 'why').map((c) => ({ key: c.key, title: c.title as string }))}
          keys={shown}
          root={() => box.current}
          onClear={() => picked.set(new Set())}
        />
      ) : null}
      <ResponsiveTable
        caption={enumLabel(ScreeningFinding, finding)}
        rows={rows}
        columns={columns}
        rowKey={(r) => r.householdId}
        loading={results.isFetching}
        empty={t('screening.noFindings')}
        selection={
          picked
            ? {
                keys: [...picked.ids],
                onChange: (keys) => picked.set(new Set(keys)),
                label: (id) => t('screening.pickOne', { no: noOf(id) }),
                testId: 'screening-pick',
              }
            : undefined
        }
        paging={{
          page,
          pageSize,
          total: results.data?.total ?? 0,
          onChange: (pg, size) => {
            setPageSize(size);
            p.onPage(pg, size);
          },
        }}
      />
    </div>
  );
}

/** The run against the one before it: who entered the finding, who left it, and why. */
function Comparison({ run, finding }: { run: ScreeningRunView; finding: Finding }) {
  const { t, L } = useI18n();
  const cmp = useQuery({
    queryKey: ['screening', 'compare', run.previousRunId, run.id, finding],
    queryFn: () =>
      api.get<ScreeningComparison>('/api/screening/compare', {
        from: run.previousRunId,
        to: run.id,
        finding,
        limit: 100,
      }),
    enabled: !!run.previousRunId,
  });
  if (!run.previousRunId) return <Typography.Text type="secondary">{t('screening.noPrevious')}</Typography.Text>;
  if (cmp.isError) return <ErrorAlert error={cmp.error} onRetry={() => void cmp.refetch()} />;
  const counts = cmp.data?.counts[finding];
  const list = (items: ScreeningDiffItem[] | undefined, title: string, color: string) => (
    <Col xs={24} md={12}>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        <Tag color={color}>{title}</Tag>
      </Typography.Title>
      <List
        size="small"
        loading={cmp.isFetching}
        dataSource={items ?? []}
        locale={{ emptyText: t('screening.none') }}
        renderItem={(d) => (
          <List.Item style={{ display: 'block', overflowWrap: 'anywhere' }}>
            <Link to={`/households/${d.householdId}`}>{d.householdNo ?? d.householdId}</Link>
            <div>{L(d.message)}</div>
            <Reasons reasons={d.reasons} />
          </List.Item>
        )}
      />
    </Col>
  );
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t('screening.comparedWith', {
          asOf: cmp.data?.from.asOf ?? '…',
          entered: counts?.entered ?? 0,
          left: counts?.left ?? 0,
          stayed: counts?.stayed ?? 0,
        })}
        {cmp.data?.truncated ? ` ${t('screening.truncated')}` : ''}
      </Typography.Paragraph>
      <Row gutter={[16, 8]}>
        {list(cmp.data?.entered, t('screening.entered'), 'red')}
        {list(cmp.data?.left, t('screening.left'), 'green')}
      </Row>
    </>
  );
}

/**
 * Raise findings of a run into the suspected-issue ledger (S3 §五): `raise(body)` posts them, says how many items
 * were new and how many already open, and refreshes the ledgers; `busy` while it runs. True when it succeeded.
 */
function useRaiseToLedger() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const raise = async (body: LedgerRaiseBody): Promise<boolean> => {
    setBusy(true);
    try {
      const r = await api.post<LedgerRaiseResult>('/api/ledgers/from-screening', body);
      message.success(t('screening.raised', { created: r.created, already: r.alreadyOpen }));
      await client.invalidateQueries({ queryKey: ['ledgers'] });
      return true;
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { raise, busy };
}

/** Raise the chosen findings of a run into the suspected-issue ledger (S3 §五), one item per household. */
function RaiseToLedger({ run }: { run: ScreeningRunView }) {
  const { t, enumLabel } = useI18n();
  const [chosen, setChosen] = useState<Finding[]>(['should_include', 'should_eliminate', 'should_flag_no_labor']);
  const { raise, busy } = useRaiseToLedger();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Checkbox.Group
        value={chosen}
        onChange={(v) => setChosen(v as Finding[])}
        options={FINDINGS.map((f) => ({
          value: f,
          label: `${enumLabel(ScreeningFinding, f)} (${run.counts[f].flagged})`,
        }))}
      />
      <Button
        type="primary"
        disabled={!chosen.length}
        loading={busy}
        data-testid="screening-raise"
        onClick={() => void raise({ runId: run.id, findings: chosen })}
      >
        {t('screening.raise')}
      </Button>
    </Space>
  );
}

type SetQuery = ReturnType<typeof useUrlQuery<typeof PageQuery>>[1];

/** "Run now" for the county: starts a run on the server; the runs list then polls until it ends. */
function RunNowButton({ running, setQuery }: { running: boolean; setQuery: SetQuery }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    try {
      await api.post<ScreeningRunView>('/api/screening/runs', {});
      message.info(t('screening.startedMsg'));
      setQuery({ run: undefined });
      await client.invalidateQueries({ queryKey: ['screening', 'runs'] });
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setStarting(false);
    }
  };
  return (
    <Button
      type="primary"
      icon={<PlayCircleOutlined />}
      loading={starting || running}
      onClick={start}
      data-testid="screening-run-now"
    >
      {running ? t('screening.running') : t('screening.runNow')}
    </Button>
  );
}

/** The finding kinds with their counts, and flagged or left since the previous run. */
function FindingChoice(p: { run: ScreeningRunView; finding: Finding; cleared: boolean; setQuery: SetQuery }) {
  const { t, enumLabel } = useI18n();
  const { run, cleared, setQuery } = p;
  return (
    <>
      {/* radio buttons rather than tabs: they wrap on a phone, where antd's tab overflow menu breaks ARIA */}
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        aria-label={t('screening.findingKind')}
        data-testid="screening-findings"
        value={p.finding}
        onChange={(e) => setQuery({ finding: e.target.value as string })}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginBottom: 12 }}
        options={FINDINGS.map((f) => ({
          value: f,
          label: `${enumLabel(ScreeningFinding, f)} ${cleared ? run.counts[f].cleared : run.counts[f].flagged}`,
        }))}
      />
      <br />
      <Segmented
        style={{ marginBottom: 12 }}
        value={cleared ? 'left' : 'flagged'}
        onChange={(v) => setQuery({ cleared: v === 'left' ? 'true' : undefined })}
        options={[
          { value: 'flagged', label: t('screening.flagged') },
          { value: 'left', label: t('screening.leftSince') },
        ]}
      />
    </>
  );
}

/** One run's findings: the kind, the list with its boxes, "raise the chosen", and the Excel of the kind. */
function RunResults(p: {
  run: ScreeningRunView;
  finding: Finding;
  cleared: boolean;
  page: number;
  setQuery: SetQuery;
}) {
  const { t } = useI18n();
  const { run, finding, cleared } = p;
  const canRaise = useSignedIn().can('ledger.write') && !cleared;
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // a choice belongs to one list: another run, finding or view starts afresh
  useEffect(() => setPicked(new Set()), [run.id, finding, cleared]);
  const { raise, busy: raising } = useRaiseToLedger();
  const raisePicked = async () => {
    if (await raise({ runId: run.id, findings: [finding], householdIds: [...picked] })) setPicked(new Set());
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={t('screening.resultsOf', { asOf: run.asOf, scope: run.scopeName ?? run.scopeCode })}
      extra={
        <ExportButton
          path={`/api/screening/runs/${run.id}/results/export.xlsx`}
          query={{ finding, cleared: cleared ? 'true' : undefined }}
          fileName={`screening-${run.asOf}.xlsx`}
        />
      }
    >
      {run.factsChangedAfter ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="facts-changed-after"
          message={t('history.screeningFactsChanged', { n: run.factsChangedAfter, asOf: run.asOf })}
        />
      ) : null}
      <FindingChoice run={run} finding={finding} cleared={cleared} setQuery={p.setQuery} />
      <Results
        run={run}
        finding={finding}
        cleared={cleared}
        page={p.page}
        onPage={(page) => p.setQuery({ page }, { keepPage: true })}
        picked={canRaise ? { ids: picked, set: setPicked } : undefined}
      />
      {canRaise ? (
        <Button
          disabled={!picked.size}
          loading={raising}
          onClick={raisePicked}
          data-testid="screening-raise-picked"
          style={{ marginTop: 8 }}
        >
          {t('screening.raisePicked', { n: picked.size })}
        </Button>
      ) : null}
    </Card>
  );
}

/**
 * Screening (issue 5 §3, issue 6): the runs of the area with their counts per finding (应纳未纳, 应消未消, 应标未标,
 * visits overdue), "run now" for the county, a run's findings by tab with each explanation and a link to the
 * household, the comparison with the previous run, raising findings into the suspected-issue ledger, and Excel.
 * A run is started on the server and polled here until it ends (POST /api/screening/runs answers at once).
 */
export function ScreeningPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useUrlQuery(PageQuery);
  const runs = useQuery({
    queryKey: ['screening', 'runs'],
    queryFn: () => api.get<ScreeningRunList>('/api/screening/runs', { limit: 20 }),
    // poll while a run is under way
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'running') ? 2000 : false),
  });
  const items = runs.data?.items ?? [];
  const running = items.some((r) => r.status === 'running');
  const run = items.find((r) => r.id === query.run) ?? items.find((r) => r.status === 'done');
  const finding = query.finding ?? 'should_include';
  return (
    <>
      <PageHeader
        title={t('screening.title')}
        sub={t('screening.sub')}
        extra={session.can('screening.run') ? <RunNowButton running={running} setQuery={setQuery} /> : null}
      />
      {runs.isError ? <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} /> : null}
      <Card size="small" title={t('screening.runs')} style={{ marginBottom: 16 }}>
        <RunsTable runs={items} selected={run?.id} onSelect={(id) => setQuery({ run: id })} />
      </Card>
      {run ? (
        <>
          <RunResults
            run={run}
            finding={finding}
            cleared={query.cleared === 'true'}
            page={query.page ?? 1}
            setQuery={setQuery}
          />
          <Card size="small" style={{ marginBottom: 16 }} title={t('screening.comparison')}>
            <Comparison run={run} finding={finding} />
          </Card>
          {session.can('ledger.write') ? (
            <Card size="small" title={t('screening.raiseTitle')}>
              <RaiseToLedger run={run} />
            </Card>
          ) : null}
        </>
      ) : runs.isSuccess && !running ? (
        <Empty description={t('screening.noRuns')} />
      ) : null}
    </>
  );
}
