import { SafetyOutlined } from '@ant-design/icons';
import { citeSource } from '@dixian/core';
import type {
  DataQualityHouseholdPage,
  DataQualityHouseholdView,
  DataQualityRaiseBody,
  DataQualityRuleView,
  DataQualitySummary,
  FavouritismCheckResult,
  LedgerRaiseResult,
} from '@dixian/core/api';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { api, isApiError, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { useUrlQuery } from '../../lib/use-url-query';

/** What the page keeps in the URL: the rule whose households are listed, the region they are counted in, the page. */
const PageQuery = z.object({
  rule: z.string().max(80).optional(),
  region: z.string().regex(/^\d+$/).optional(),
  page: z.coerce.number().int().min(1).optional(),
});
type SetQuery = ReturnType<typeof useUrlQuery<typeof PageQuery>>[1];

/** Post to the ledger and say how it went; refreshes the ledgers. */
function usePost() {
  const { lang } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const post = async <T,>(path: string, body: object, ok: (r: T) => string): Promise<boolean> => {
    setBusy(true);
    try {
      const r = await api.post<T>(path, body);
      message.success(ok(r));
      await client.invalidateQueries({ queryKey: ['ledgers'] });
      return true;
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { post, busy };
}

/** The rules with their counts, one column per child region; a count opens the households behind it. */
function RulesTable({ data, setQuery }: { data: DataQualitySummary; setQuery: SetQuery }) {
  const { t, L } = useI18n();
  const open = (rule: string, region?: string) => setQuery({ rule, region, page: undefined });
  const count = (r: DataQualityRuleView, n: number, region?: string) =>
    n > 0 ? (
      <Button
        type="link"
        size="small"
        style={{ padding: 0 }}
        onClick={() => open(r.ruleId, region)}
        data-testid={region ? `dq-count-${r.ruleId}-${region}` : `dq-count-${r.ruleId}`}
        aria-label={`${L(r.label)} ${n}`}
      >
        {n}
      </Button>
    ) : (
      <span data-testid={region ? undefined : `dq-count-${r.ruleId}`}>0</span>
    );
  const columns: Column<DataQualityRuleView>[] = [
    {
      key: 'rule',
      title: t('dq.rule'),
      card: 'title',
      render: (r) => (
        <div style={{ minWidth: 140 }}>
          <Typography.Text strong>{L(r.label)}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dq.source')}:{L(citeSource(r.source))}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'explain',
      title: t('dq.explain'),
      render: (r) => <div style={{ maxWidth: 420, whiteSpace: 'normal' }}>{L(r.explain)}</div>,
    },
    { key: 'households', title: t('dq.households'), align: 'right', render: (r) => count(r, r.households) },
    ...data.children.map((c): Column<DataQualityRuleView> => ({
      key: c.code,
      title: c.name,
      align: 'right',
      render: (r) => count(r, r.byRegion[c.code] ?? 0, c.code),
    })),
  ];
  return <ResponsiveTable caption={t('dq.title')} rows={data.rules} columns={columns} rowKey={(r) => r.ruleId} />;
}

/** The household list's columns: number (a link to the household), masked head, and the rule's reason. */
function useHouseholdColumns(): Column<DataQualityHouseholdView>[] {
  const { t, L } = useI18n();
  return [
    {
      key: 'no',
      title: t('dq.householdNo'),
      card: 'title',
      render: (r) => <Link to={`/households/${r.householdId}`}>{r.householdNo}</Link>,
    },
    { key: 'head', title: t('dq.head'), render: (r) => r.headName ?? '—' },
    { key: 'why', title: t('dq.why'), render: (r) => <span data-testid="dq-why">{L(r.message)}</span> },
  ];
}

/** One rule's households, each explained, with boxes to raise the chosen into the suspected-problem ledger. */
function Households(p: { rule: DataQualityRuleView; region: string | undefined; page: number; setQuery: SetQuery }) {
  const { t, L } = useI18n();
  const canRaise = useSignedIn().can('ledger.write');
  const [pageSize, setPageSize] = useState(20);
  const [picked, setPicked] = useState<string[]>([]);
  useEffect(() => setPicked([]), [p.rule.ruleId, p.region]);
  const q = { rule: p.rule.ruleId, region: p.region, page: p.page, pageSize };
  const list = useQuery({
    queryKey: ['dataQuality', 'households', q],
    queryFn: () => api.get<DataQualityHouseholdPage>('/api/supervision/data-quality/households', q as Query),
    placeholderData: keepPreviousData,
  });
  const { post, busy } = usePost();
  const raise = async (householdIds?: string[]) => {
    const body: DataQualityRaiseBody = { ruleIds: [p.rule.ruleId], ...(p.region ? { region: p.region } : {}) };
    const ok = await post<LedgerRaiseResult>(
      '/api/ledgers/from-data-quality',
      householdIds ? { ...body, householdIds } : body,
      (r) => t('dq.raised', { created: r.created, already: r.alreadyOpen }),
    );
    if (ok) setPicked([]);
  };
  const rows = list.data?.items ?? [];
  const columns = useHouseholdColumns();
  return (
    <Card
      size="small"
      title={t('dq.listOf', { rule: L(p.rule.label) })}
      extra={
        <Button size="small" onClick={() => p.setQuery({ rule: undefined, region: undefined, page: undefined })}>
          {t('dq.close')}
        </Button>
      }
    >
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        caption={L(p.rule.label)}
        rows={rows}
        columns={columns}
        rowKey={(r) => r.householdId}
        loading={list.isFetching}
        empty={t('dq.none')}
        selection={
          canRaise
            ? {
                keys: picked,
                onChange: setPicked,
                label: (id) => t('dq.pickOne', { no: rows.find((r) => r.householdId === id)?.householdNo ?? '' }),
                testId: 'dq-pick',
              }
            : undefined
        }
        paging={{
          page: p.page,
          pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, size) => {
            setPageSize(size);
            p.setQuery({ page }, { keepPage: true });
          },
        }}
      />
      {canRaise ? (
        <Space style={{ marginTop: 8 }} wrap>
          <Button
            disabled={!picked.length}
            loading={busy}
            onClick={() => void raise(picked)}
            data-testid="dq-raise-picked"
          >
            {t('dq.raisePicked', { n: picked.length })}
          </Button>
          <Button loading={busy} onClick={() => void raise()} data-testid="dq-raise-all">
            {t('dq.raiseAll')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

/** 优亲厚友 (S3 二) on demand: flags go to the suspected-problem ledger for an inspector to clear or confirm. */
function FavouritismButton() {
  const { t } = useI18n();
  const { post, busy } = usePost();
  return (
    <Button
      icon={<SafetyOutlined />}
      loading={busy}
      data-testid="dq-favouritism"
      onClick={() =>
        void post<FavouritismCheckResult>('/api/supervision/favouritism/check', {}, (r) =>
          t('dq.favouritismDone', { flagged: r.flagged, created: r.created }),
        )
      }
    >
      {t('dq.favouritism')}
    </Button>
  );
}

/**
 * 数据质量 (issue 17 §2; S3 §三(八) 系统数据是否精准详实): the data-quality rules with their households by child
 * region, each rule explained in words; a count lists its households with the reason for each, and chosen ones are
 * raised into the suspected-problem ledger. The 优亲厚友 check (S3 二) runs from here too.
 */
export function DataQualityPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const [query, setQuery] = useUrlQuery(PageQuery);
  const summary = useQuery({
    queryKey: ['dataQuality', 'summary'],
    queryFn: () => api.get<DataQualitySummary>('/api/supervision/data-quality'),
  });
  const rule = summary.data?.rules.find((r) => r.ruleId === query.rule);
  return (
    <>
      <PageHeader
        title={t('dq.title')}
        sub={t('dq.sub')}
        extra={session.can('ledger.write') ? <FavouritismButton /> : null}
      />
      {summary.isError ? <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {summary.data ? (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title={`${summary.data.region.name} · ${t('dq.asOf')} ${summary.data.asOf}`}
          extra={<span data-testid="dq-total">{t('dq.total', { n: summary.data.households })}</span>}
        >
          <RulesTable data={summary.data} setQuery={setQuery} />
        </Card>
      ) : null}
      {rule ? <Households rule={rule} region={query.region} page={query.page ?? 1} setQuery={setQuery} /> : null}
    </>
  );
}
