import { DeadlineKind } from '@dixian/core';
import {
  deadlineDetailLabel,
  deadlineStateLabel,
  DeadlineQuery,
  type DeadlineItem,
  type DeadlinePage,
} from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, type Query } from '../api/client';
import { EnumSelect } from '../components/EnumSelect';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../components/ResponsiveTable';
import { useI18n } from '../i18n/i18n';
import { useUrlQuery } from '../lib/use-url-query';

/**
 * Deadlines due soon or overdue in the user's area (GET /api/deadlines): verification, identification, plans,
 * notices waiting for the township, warnings to verify and visits. The dashboard's deadline figures link here
 * with their filters in the URL.
 */
export function DeadlinesPage() {
  const { t, L, enumLabel } = useI18n();
  const [query, setQuery] = useUrlQuery(DeadlineQuery);
  const list = useQuery({
    queryKey: ['deadlines', query],
    queryFn: () => api.get<DeadlinePage>('/api/deadlines', query as Query),
    placeholderData: keepPreviousData,
  });
  const columns: Column<DeadlineItem>[] = [
    {
      key: 'household',
      title: t('registry.householdNo'),
      card: 'title',
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
    { key: 'kind', title: t('dashboard.deadlineKind'), render: (d) => enumLabel(DeadlineKind, d.kind) },
    { key: 'dueOn', title: t('deadlines.date'), render: (d) => d.dueOn ?? '—' },
    { key: 'head', title: t('registry.head'), render: (d) => d.headName ?? '—' },
    { key: 'village', title: t('registry.village'), render: (d) => d.regionName ?? d.regionCode },
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
  return (
    <>
      <PageHeader
        title={t('deadlines.title')}
        sub={list.data ? t('deadlines.asOf', { date: list.data.asOf, n: list.data.withinDays }) : undefined}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[8, 8]} align="middle">
          <Col xs={24} md={8}>
            <Segmented
              block
              value={query.status ?? 'all'}
              onChange={(v) => setQuery({ status: v === 'all' ? undefined : v })}
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'due', label: t('dashboard.due') },
                { value: 'overdue', label: t('dashboard.overdue') },
              ]}
            />
          </Col>
          <Col xs={24} sm={12} md={8}>
            <EnumSelect
              enumDef={DeadlineKind}
              aria-label={t('dashboard.deadlineKind')}
              placeholder={t('dashboard.deadlineKind')}
              value={query.kind}
              onChange={(kind) => setQuery({ kind })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={12} md={8}>
            <RegionPicker
              aria-label={t('registry.area')}
              value={query.region}
              onChange={(region) => setQuery({ region })}
              style={{ width: '100%' }}
            />
          </Col>
        </Row>
      </Card>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        caption={t('deadlines.title')}
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(d) => `${d.kind}-${d.refId}`}
        loading={list.isFetching}
        empty={<Typography.Text type="secondary">{t('deadlines.empty')}</Typography.Text>}
        paging={urlPaging(list.data, query, setQuery)}
      />
    </>
  );
}
