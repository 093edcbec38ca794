import { DeadlineKind } from '@dixian/core';
import {
  deadlineDetailLabel,
  deadlineStateLabel,
  DeadlineQuery,
  type BulkRaiseResult,
  type DeadlineItem,
  type DeadlinePage,
} from '@dixian/core/api';
import { Button, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { useSignedIn } from '../auth/session';
import { RaiseDialog } from '../features/supervision/RaiseDialog';
import { ListPage, useList, type ListState } from '../components/list';
import type { Column } from '../components/ResponsiveTable';
import { useI18n } from '../i18n/i18n';
import { withRollup } from '../lib/format';

function useDeadlineColumns(): Column<DeadlineItem>[] {
  const { t, L, enumLabel } = useI18n();
  return [
    {
      key: 'household',
      title: t('registry.householdNo'),
      card: 'title',
      sortField: 'householdNo',
      render: (d) =>
        d.householdId ? (
          <Link to={`/households/${d.householdId}`}>{d.householdNo ?? d.headName}</Link>
        ) : (
          (d.householdNo ?? '—')
        ),
    },
    {
      key: 'due',
      title: t('deadlines.dueOn'),
      card: 'extra',
      render: (d) =>
        d.overdue ? (
          <Tag color="red">
            {d.daysLeft === null ? t('deadlines.neverVisited') : t('household.overdueBy', { n: -(d.daysLeft ?? 0) })}
          </Tag>
        ) : (
          <Tag color={d.daysLeft === 0 ? 'orange' : 'blue'}>
            {d.daysLeft === 0 ? t('household.dueToday') : t('household.daysLeft', { n: d.daysLeft ?? 0 })}
          </Tag>
        ),
    },
    {
      key: 'kind',
      title: t('dashboard.deadlineKind'),
      sortField: 'kind',
      render: (d) => enumLabel(DeadlineKind, d.kind),
    },
    { key: 'dueOn', title: t('deadlines.date'), sortField: 'dueOn', render: (d) => d.dueOn ?? '—' },
    { key: 'head', title: t('registry.head'), render: (d) => d.headName ?? '—' },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (d) => d.regionName ?? d.regionCode,
    },
    { key: 'state', title: t('registry.status'), render: (d) => L(deadlineStateLabel(d)) },
    {
      key: 'detail',
      title: t('common.details'),
      render: (d) => {
        const label = deadlineDetailLabel(d);
        return label ? L(label) : '—';
      },
    },
  ];
}

function StatusSegments({ state }: { state: ListState<typeof DeadlineQuery, DeadlinePage> }) {
  const { t } = useI18n();
  return (
    <Segmented
      block
      value={state.query.status ?? 'all'}
      onChange={(v) => state.setQuery({ status: v === 'all' ? undefined : v })}
      options={[
        { value: 'all', label: t('common.all') },
        { value: 'due', label: t('dashboard.due') },
        { value: 'overdue', label: t('dashboard.overdue') },
      ]}
    />
  );
}

/**
 * The chosen overdue deadlines raised into the suspected-problem ledger (S3 §五), one item per household and kind:
 * one request per kind among the rows chosen.
 */
function RaiseDeadlines({ rows, clear, region }: { rows: DeadlineItem[]; clear: () => void; region?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const overdue = rows.filter((r) => r.overdue && r.householdId);
  const byKind = new Map<string, string[]>();
  for (const r of overdue) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.householdId!]);
  const send = (terms: { deadline: string; ownerId: string }) =>
    Promise.all(
      [...byKind].map(([kind, ids]) =>
        api.post<BulkRaiseResult>('/api/deadlines/raise', {
          kind,
          ...(region ? { region } : {}),
          householdIds: [...new Set(ids)],
          ...terms,
        }),
      ),
    );
  return (
    <>
      <Button type="primary" disabled={!overdue.length} onClick={() => setOpen(true)} data-testid="deadlines-raise">
        {t('deadlines.raise')}({overdue.length})
      </Button>
      <RaiseDialog
        open={open}
        onClose={() => setOpen(false)}
        region={region}
        count={new Set(overdue.map((r) => `${r.kind}:${r.householdId}`)).size}
        send={send}
        onDone={clear}
      />
    </>
  );
}

/**
 * Deadlines due soon or overdue in the user's area (GET /api/deadlines): verification, identification, plans,
 * notices waiting for the township, warnings to verify and visits. The dashboard's deadline figures link here
 * with their filters in the URL.
 */
export function DeadlinesPage() {
  const { t } = useI18n();
  const state = useList<typeof DeadlineQuery, DeadlinePage>(DeadlineQuery, '/api/deadlines', ['deadlines']);
  const d = state.list.data;
  const { can } = useSignedIn();
  return (
    <ListPage
      title={t('deadlines.title')}
      sub={d ? withRollup(t('deadlines.asOf', { date: d.asOf, n: d.withinDays }), d.rollupAt, t) : undefined}
      state={state}
      schema={DeadlineQuery}
      columns={useDeadlineColumns()}
      rowKey={(r) => `${r.kind}-${r.refId}`}
      filters={{
        noChips: ['status'],
        fields: ['kind', 'region'],
        labels: { kind: t('dashboard.deadlineKind'), region: t('registry.area') },
        extra: <StatusSegments state={state} />,
      }}
      bulk={
        can('ledger.write')
          ? (rows, clear) => <RaiseDeadlines rows={rows} clear={clear} region={state.query.region} />
          : undefined
      }
      exportPath="/api/deadlines/export.xlsx"
      exportName="deadlines.xlsx"
      empty={<Typography.Text type="secondary">{t('deadlines.empty')}</Typography.Text>}
    />
  );
}
