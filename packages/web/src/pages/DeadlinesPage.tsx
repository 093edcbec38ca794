import { DeadlineKind } from '@dixian/core';
import {
  deadlineDetailLabel,
  deadlineStateLabel,
  DeadlineQuery,
  type DeadlineItem,
  type DeadlinePage,
} from '@dixian/core/api';
import { Segmented, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ListPage, useList, type ListState } from '../components/list';
import type { Column } from '../components/ResponsiveTable';
import { useI18n } from '../i18n/i18n';

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
 * Deadlines due soon or overdue in the user's area (GET /api/deadlines): verification, identification, plans,
 * notices waiting for the township, warnings to verify and visits. The dashboard's deadline figures link here
 * with their filters in the URL.
 */
export function DeadlinesPage() {
  const { t } = useI18n();
  const state = useList<typeof DeadlineQuery, DeadlinePage>(DeadlineQuery, '/api/deadlines', ['deadlines']);
  const d = state.list.data;
  return (
    <ListPage
      title={t('deadlines.title')}
      sub={d ? t('deadlines.asOf', { date: d.asOf, n: d.withinDays }) : undefined}
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
      exportPath="/api/deadlines/export.xlsx"
      exportName="deadlines.xlsx"
      empty={<Typography.Text type="secondary">{t('deadlines.empty')}</Typography.Text>}
    />
  );
}
