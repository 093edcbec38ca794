import { HouseholdType } from '@dixian/core';
import { HouseholdSearchQuery, type HouseholdListItem, type HouseholdPage } from '@dixian/core/api';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../auth/session';
import { ListPage, useList } from '../components/list';
import type { Column } from '../components/ResponsiveTable';
import { CategoryTag, RiskTags, StatusTag } from '../components/Tags';
import { RegistryActions } from '../features/registry/RegistryActions';
import { useI18n } from '../i18n/i18n';

function useRegistryColumns(): Column<HouseholdListItem>[] {
  const { t, enumLabel } = useI18n();
  return [
    {
      key: 'householdNo',
      title: t('registry.householdNo'),
      card: 'title',
      sortField: 'householdNo',
      render: (h) => (
        <Link to={`/households/${h.id}`} data-testid="household-link">
          {h.householdNo}
        </Link>
      ),
    },
    { key: 'head', title: t('registry.head'), render: (h) => h.headName ?? '—' },
    {
      key: 'headId',
      title: t('registry.headId'),
      render: (h) => <Typography.Text code>{h.headIdNumber ?? '—'}</Typography.Text>,
    },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (h) => h.regionName ?? h.regionCode,
    },
    { key: 'members', title: t('registry.members'), align: 'right', render: (h) => h.memberCount },
    {
      key: 'type',
      title: t('registry.householdType'),
      sortField: 'householdType',
      render: (h) => enumLabel(HouseholdType, h.householdType),
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      sortField: 'monitoringStatus',
      render: (h) => <StatusTag status={h.monitoringStatus} />,
    },
    {
      key: 'category',
      title: t('registry.category'),
      sortField: 'monitoringCategory',
      render: (h) => (h.monitoringCategory ? <CategoryTag category={h.monitoringCategory} /> : '—'),
    },
    {
      key: 'risks',
      title: t('registry.risks'),
      render: (h) => (h.riskTypes.length ? <RiskTags risks={h.riskTypes} /> : '—'),
    },
  ];
}

const FILTERS = ['region', 'status', 'category', 'riskType', 'householdType'] as const;

/**
 * The registry: search first (name, ID number or household number), then filters; everything is in the URL
 * (`/households?status=monitoring_unresolved&region=220681104&sort=-regionCode`), so dashboard figures link straight
 * here. ID numbers are masked by the server.
 */
export function RegistryPage() {
  const { t } = useI18n();
  const { can } = useSignedIn();
  const state = useList<typeof HouseholdSearchQuery, HouseholdPage>(HouseholdSearchQuery, '/api/households', [
    'households',
  ]);
  return (
    <ListPage
      title={t('registry.title')}
      state={state}
      schema={HouseholdSearchQuery}
      columns={useRegistryColumns()}
      rowKey={(h) => h.id}
      filters={{
        fields: FILTERS,
        labels: { region: t('registry.area') },
        search: { placeholder: t('registry.searchPlaceholder'), testId: 'registry-search' },
      }}
      exportPath="/api/households/export.xlsx"
      exportName="households.xlsx"
      empty={t('registry.empty')}
      actions={
        <>
          {can('household.create') ? (
            <Link to="/households/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="household-new">
                {t('hhform.new')}
              </Button>
            </Link>
          ) : null}
          <RegistryActions query={state.query as Record<string, unknown>} />
        </>
      }
    />
  );
}
