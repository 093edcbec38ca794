import { CASE_DEADLINE_LABELS, CaseStage, type CaseDeadlineKind } from '@dixian/core';
import { CaseListQuery, type CaseListItem, type CasePage } from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api, type Query } from '../../api/client';
import { EnumSelect } from '../../components/EnumSelect';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../../components/ResponsiveTable';
import { CategoryTag, RiskTags, StageTag } from '../../components/Tags';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { useI18n } from '../../i18n/i18n';
import { useUrlQuery } from '../../lib/use-url-query';

/**
 * The area's cases, the nearest deadline first (GET /api/cases): filter by stage, deadline and area, open a case
 * to take its next step, export the same list to Excel.
 */
export function CasesPage() {
  const { t, L } = useI18n();
  const [query, setQuery] = useUrlQuery(CaseListQuery);
  const list = useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => api.get<CasePage>('/api/cases', query as Query),
    placeholderData: keepPreviousData,
  });
  const columns: Column<CaseListItem>[] = [
    {
      key: 'head',
      title: t('registry.head'),
      card: 'title',
      render: (c) => (
        <Link to={`/cases/${c.id}`} data-testid="case-link">
          {c.headName ?? c.householdNo}
        </Link>
      ),
    },
    { key: 'stage', title: t('household.stage'), card: 'extra', render: (c) => <StageTag stage={c.stage} /> },
    {
      key: 'due',
      title: t('household.deadline'),
      render: (c) => (
        <span>
          {c.currentDueKind ? `${L(CASE_DEADLINE_LABELS[c.currentDueKind as CaseDeadlineKind])} ` : ''}
          <DaysLeftTag daysLeft={c.daysLeft} dueOn={c.currentDueOn} />
        </span>
      ),
    },
    { key: 'no', title: t('registry.householdNo'), render: (c) => c.householdNo },
    { key: 'village', title: t('registry.village'), render: (c) => c.regionName ?? c.regionCode },
    {
      key: 'category',
      title: t('registry.category'),
      render: (c) => (c.category ? <CategoryTag category={c.category} /> : '—'),
    },
    {
      key: 'risks',
      title: t('registry.risks'),
      render: (c) => (c.riskTypes.length ? <RiskTags risks={c.riskTypes} /> : '—'),
    },
    { key: 'discovered', title: t('household.discovered'), render: (c) => c.discoveredOn },
    {
      key: 'noLabor',
      title: t('household.noLabor'),
      render: (c) => (c.wholeHouseholdNoLabor ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no')),
    },
  ];
  const due = query.due ?? (query.dueWithinDays !== undefined ? 'soon' : 'all');
  return (
    <>
      <PageHeader
        title={t('cases.title')}
        extra={<ExportButton path="/api/cases/export.xlsx" query={query} fileName="cases.xlsx" />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[8, 8]} align="middle">
          <Col xs={24} md={10}>
            <Segmented
              block
              value={due}
              onChange={(v) =>
                setQuery({
                  due: v === 'open' || v === 'overdue' ? v : undefined,
                  dueWithinDays: v === 'soon' ? 7 : undefined,
                })
              }
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'open', label: t('cases.open') },
                { value: 'soon', label: t('dashboard.due') },
                { value: 'overdue', label: t('dashboard.overdue') },
              ]}
            />
          </Col>
          <Col xs={24} sm={12} md={7}>
            <EnumSelect
              enumDef={CaseStage}
              aria-label={t('household.stage')}
              placeholder={t('household.stage')}
              value={query.stage}
              onChange={(stage) => setQuery({ stage })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={12} md={7}>
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
        caption={t('cases.title')}
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(c) => c.id}
        loading={list.isFetching}
        empty={t('cases.empty')}
        paging={urlPaging(list.data, query, setQuery)}
      />
    </>
  );
}
