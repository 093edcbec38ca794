import { ChangeRequestKind, ChangeRequestStatus } from '@dixian/core';
import { ChangeRequestListQuery, type ChangeRequestItem, type ChangeRequestPage } from '@dixian/core/api';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { ListPage, useList } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';
import { STATUS_COLORS } from './status';

function useColumns(): Column<ChangeRequestItem>[] {
  const { t, enumLabel } = useI18n();
  return [
    {
      key: 'household',
      title: t('changes.household'),
      card: 'title',
      render: (c) => <Link to={`/changes/${c.id}`}>{`${c.headName ?? ''} ${c.householdNo}`.trim()}</Link>,
    },
    {
      key: 'status',
      title: t('changes.status'),
      card: 'extra',
      sortField: 'status',
      render: (c) => <Tag color={STATUS_COLORS[c.status]}>{enumLabel(ChangeRequestStatus, c.status)}</Tag>,
    },
    {
      key: 'kind',
      title: t('changes.kind'),
      sortField: 'kind',
      render: (c) =>
        c.kind === 'move' && c.targetRegionName
          ? `${enumLabel(ChangeRequestKind, c.kind)}:${c.targetRegionName}`
          : enumLabel(ChangeRequestKind, c.kind),
    },
    { key: 'village', title: t('changes.village'), sortField: 'regionCode', render: (c) => c.regionName ?? '—' },
    { key: 'requestedBy', title: t('changes.requestedBy'), render: (c) => c.requestedBy ?? '—' },
    {
      key: 'requestedAt',
      title: t('changes.requestedAt'),
      sortField: 'requestedAt',
      render: (c) => when(c.requestedAt),
    },
    {
      key: 'decidedAt',
      title: t('changes.decidedAt'),
      sortField: 'decidedAt',
      render: (c) => (c.decidedAt ? `${when(c.decidedAt)} ${c.decidedBy ?? ''}` : '—'),
    },
    {
      key: 'actions',
      title: t('plan.actions'),
      fixed: 'right',
      render: (c) => <Link to={`/changes/${c.id}`}>{t('changes.open')}</Link>,
    },
  ];
}

/**
 * Changes that need approval (issue 14 §3): splits, moves and category changes of the area, pending ones first to
 * decide (the inbox links here with status=pending).
 */
export function ChangeRequestsPage() {
  const { t } = useI18n();
  const state = useList<typeof ChangeRequestListQuery, ChangeRequestPage>(
    ChangeRequestListQuery,
    '/api/change-requests',
    ['changes', 'list'],
  );
  return (
    <ListPage
      title={t('changes.title')}
      sub={t('changes.sub')}
      state={state}
      schema={ChangeRequestListQuery}
      columns={useColumns()}
      rowKey={(c) => c.id}
      filters={{
        fields: ['status', 'kind', 'region'],
        labels: { status: t('changes.status'), kind: t('changes.kind'), region: t('registry.area') },
      }}
      exportPath="/api/change-requests/export.xlsx"
      exportName="change-requests.xlsx"
      empty={t('changes.empty')}
    />
  );
}
