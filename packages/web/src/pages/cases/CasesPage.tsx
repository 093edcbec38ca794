import { CASE_DEADLINE_LABELS, type CaseDeadlineKind } from '@dixian/core';
import { CaseListQuery, type CaseListItem, type CasePage } from '@dixian/core/api';
import { Segmented, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { CategoryTag, RiskTags, StageTag } from '../../components/Tags';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { useI18n } from '../../i18n/i18n';

function useCaseColumns(): Column<CaseListItem>[] {
  const { t, L } = useI18n();
  return [
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
    {
      key: 'stage',
      title: t('household.stage'),
      card: 'extra',
      sortField: 'stage',
      render: (c) => <StageTag stage={c.stage} />,
    },
    {
      key: 'due',
      title: t('household.deadline'),
      sortField: 'currentDueOn',
      render: (c) => (
        <span>
          {c.currentDueKind ? `${L(CASE_DEADLINE_LABELS[c.currentDueKind as CaseDeadlineKind])} ` : ''}
          <DaysLeftTag daysLeft={c.daysLeft} dueOn={c.currentDueOn} />
        </span>
      ),
    },
    { key: 'no', title: t('registry.householdNo'), sortField: 'householdNo', render: (c) => c.householdNo },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (c) => c.regionName ?? c.regionCode,
    },
    {
      key: 'category',
      title: t('registry.category'),
      sortField: 'category',
      render: (c) => (c.category ? <CategoryTag category={c.category} /> : '—'),
    },
    {
      key: 'risks',
      title: t('registry.risks'),
      render: (c) => (c.riskTypes.length ? <RiskTags risks={c.riskTypes} /> : '—'),
    },
    { key: 'discovered', title: t('household.discovered'), sortField: 'discoveredOn', render: (c) => c.discoveredOn },
    {
      key: 'noLabor',
      title: t('household.noLabor'),
      render: (c) => (c.wholeHouseholdNoLabor ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no')),
    },
  ];
}

/** All, open, due within 7 days, overdue: one choice over the `due` and `dueWithinDays` parameters. */
function DueSegments({ state }: { state: ListState<typeof CaseListQuery, CasePage> }) {
  const { t } = useI18n();
  const { query, setQuery } = state;
  const due = query.due ?? (query.dueWithinDays !== undefined ? 'soon' : 'all');
  return (
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
  );
}

/**
 * The area's cases, the nearest deadline first (GET /api/cases): filter by stage, deadline and area, sort by a
 * column, open a case to take its next step, export the same list (or the selected cases) to Excel.
 */
export function CasesPage() {
  const { t } = useI18n();
  const state = useList<typeof CaseListQuery, CasePage>(CaseListQuery, '/api/cases', ['cases', 'list']);
  return (
    <ListPage
      title={t('cases.title')}
      state={state}
      schema={CaseListQuery}
      columns={useCaseColumns()}
      rowKey={(c) => c.id}
      filters={{
        noChips: ['due'],
        fields: ['stage', 'region'],
        labels: { stage: t('household.stage'), region: t('registry.area') },
        extra: <DueSegments state={state} />,
      }}
      exportPath="/api/cases/export.xlsx"
      exportName="cases.xlsx"
      empty={t('cases.empty')}
    />
  );
}
