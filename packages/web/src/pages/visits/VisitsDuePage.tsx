import { RightOutlined } from '@ant-design/icons';
import type { MonitoringStatus } from '@dixian/core';
import { VisitDueQuery, type VisitDueItem, type VisitDuePage } from '@dixian/core/api';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  List,
  Pagination,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { ExportButton } from '../../components/ExportButton';
import { BulkBar } from '../../components/list/BulkBar';
import { FilterCard } from '../../components/list/FilterCard';
import { filterFieldsOf } from '../../components/list/schema-fields';
import { SortSelect } from '../../components/list/SortSelect';
import { useList, type ListState } from '../../components/list/use-list';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { StatusTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { daysUntil, withRollup } from '../../lib/format';
import './visits.css';

type State = ListState<typeof VisitDueQuery, VisitDuePage>;

/** "逾期 5 天" / "从未走访" for an overdue household, "本月 20 日前" for one still in time. */
function DueText({ item }: { item: VisitDueItem }) {
  const { t } = useI18n();
  if (item.overdue)
    return (
      <Tag color="red" data-testid="visit-overdue">
        {item.dueOn ? t('household.overdueBy', { n: -daysUntil(item.dueOn) }) : t('deadlines.neverVisited')}
      </Tag>
    );
  return <Tag color="blue">{item.dueOn ? t('visits.dueBy', { date: item.dueOn }) : '—'}</Tag>;
}

/** The month, "overdue only" with the overdue count, and the sort (cards have no column headers). */
function VisitFilters({ state }: { state: State }) {
  const { t } = useI18n();
  const { query, setQuery, list } = state;
  const d = list.data;
  const choices = (['dueOn', 'lastVisitOn', 'householdNo', 'regionCode'] as const).map((f) => ({
    field: f,
    label: t(`list.visits.${f === 'regionCode' ? 'village' : f}`),
  }));
  return (
    <Flex wrap gap={8} align="center">
      <DatePicker
        picker="month"
        size="large"
        allowClear={false}
        inputReadOnly
        aria-label={t('work.month')}
        value={dayjs(query.month ?? d?.month ?? dayjs().format('YYYY-MM'), 'YYYY-MM')}
        onChange={(m) => setQuery({ month: m ? m.format('YYYY-MM') : undefined })}
        style={{ width: 150 }}
      />
      <Flex align="center" gap={8} style={{ minHeight: 40 }}>
        <Switch
          checked={!!query.overdueOnly}
          onChange={(on) => setQuery({ overdueOnly: on ? 'true' : undefined })}
          aria-label={t('visits.overdueOnly')}
          id="overdue-only"
        />
        <label htmlFor="overdue-only">
          <Badge count={d?.overdueCount ?? 0} overflowCount={999} offset={[10, -2]} size="small">
            {t('visits.overdueOnly')}
          </Badge>
        </label>
      </Flex>
      <div style={{ minWidth: 180, flex: 1 }}>
        <SortSelect choices={choices} sort={state.sort} onChange={state.setSort} />
      </div>
    </Flex>
  );
}

/** One household due a visit: the whole card a large target that opens the visit form. */
function VisitCard({ item, state }: { item: VisitDueItem; state: State }) {
  const { t } = useI18n();
  const canVisit = useSignedIn().can('visit.create');
  const navigate = useNavigate();
  const chosen = state.selected.includes(item.householdId);
  const visit = () => navigate(`/visits/${item.householdId}`);
  return (
    <Card
      size="small"
      className={item.overdue ? 'visit-card visit-card-overdue' : 'visit-card'}
      data-testid="visit-due"
      data-overdue={item.overdue}
      style={{ width: '100%' }}
      hoverable={canVisit}
      onClick={canVisit ? visit : undefined}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Checkbox
          checked={chosen}
          aria-label={t('list.selectRow')}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) =>
            state.setSelected(
              e.target.checked
                ? [...state.selected, item.householdId]
                : state.selected.filter((k) => k !== item.householdId),
            )
          }
        />
        <VisitCardBody item={item} />
        {canVisit ? (
          <Button
            type={item.overdue ? 'primary' : 'default'}
            danger={item.overdue}
            size="large"
            className="thumb"
            icon={<RightOutlined />}
            iconPosition="end"
            onClick={(e) => {
              e.stopPropagation();
              visit();
            }}
            aria-label={t('visits.recordFor', { name: item.headName ?? item.householdNo })}
            data-testid="record-visit"
          >
            {t('visits.record')}
          </Button>
        ) : (
          <Link to={`/households/${item.householdId}`}>{t('common.open')}</Link>
        )}
      </Flex>
    </Card>
  );
}

/** The card's text, each part marked with `data-col` for the export of the selected households. */
function VisitCardBody({ item }: { item: VisitDueItem }) {
  const { t } = useI18n();
  return (
    <div style={{ minWidth: 0, flex: 1 }}>
      <Flex wrap gap={6} align="center">
        <Typography.Text strong style={{ fontSize: 16 }} data-col="head">
          {item.headName ?? item.householdNo}
        </Typography.Text>
        <span data-col="due">
          <DueText item={item} />
        </span>
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block' }}>
        <span data-col="village">{item.regionName ?? ''}</span> · <span data-col="householdNo">{item.householdNo}</span>
      </Typography.Text>
      <Flex wrap gap={4} style={{ marginTop: 4 }}>
        {item.lifted ? <Tag>{t('visits.lifted')}</Tag> : null}
        {item.socialAssistance ? <Tag>{t('visits.socialAssistance')}</Tag> : null}
        {item.socialAssistance ? (
          item.pairedPartyMember ? (
            <Tag>{t('visits.pairedPartyMember', { name: item.pairedPartyMember })}</Tag>
          ) : (
            <Tag color="orange">{t('visits.noPairedPartyMember')}</Tag>
          )
        ) : null}
        {item.monitoringStatus !== 'not_monitored' ? (
          <StatusTag status={item.monitoringStatus as MonitoringStatus} />
        ) : null}
        <Typography.Text type="secondary">
          {t('visits.last', { date: '' })}
          <span data-col="lastVisitOn">{item.lastVisitOn ?? t('deadlines.neverVisited')}</span>
        </Typography.Text>
      </Flex>
    </div>
  );
}

function VisitCards({ state }: { state: State }) {
  const { t } = useI18n();
  const d = state.list.data;
  return (
    <section aria-label={t('visits.title')}>
      <List<VisitDueItem>
        loading={state.list.isFetching}
        dataSource={d?.items ?? []}
        rowKey={(i) => i.householdId}
        locale={{ emptyText: <Empty description={t('visits.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        renderItem={(item) => (
          <List.Item style={{ padding: '4px 0', border: 'none' }} data-row-key={item.householdId}>
            <VisitCard item={item} state={state} />
          </List.Item>
        )}
      />
      {d && d.total > d.pageSize ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Pagination
            simple
            current={d.page}
            pageSize={d.pageSize}
            total={d.total}
            onChange={(page) => state.setQuery({ page }, { keepPage: true })}
          />
        </Flex>
      ) : null}
    </section>
  );
}

/**
 * The households due for a visit this month (GET /api/visits/due), the overdue ones first and marked red,
 * made for a village cadre's phone: one card per household, the whole card a large target that opens the visit
 * form. Lifted (脱贫) and monitored households are visited at least monthly (S3 §三(二)), 低保/特困 households at
 * least quarterly (S2 §二(二)8): the dashboard's overdue visits count the same households. The list scaffold's
 * pieces in the form of cards: filters, URL state with sort, selection with the export of the selected households.
 */
export function VisitsDuePage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const state = useList<typeof VisitDueQuery, VisitDuePage>(VisitDueQuery, '/api/visits/due', ['visits', 'due']);
  const box = useRef<HTMLDivElement>(null);
  const village = session.user.scopeCode.length === 12;
  const d = state.list.data;
  const exported = (['head', 'due', 'village', 'householdNo', 'lastVisitOn'] as const).map((key) => ({
    key,
    title: t(`list.visits.${key}`),
  }));
  return (
    <div className="visits-page" ref={box}>
      <PageHeader
        title={t('visits.title')}
        sub={
          d
            ? withRollup(t('visits.sub', { month: d.month, n: d.total, overdue: d.overdueCount }), d.rollupAt, t)
            : undefined
        }
        extra={
          <ExportButton
            path="/api/visits/due/export.xlsx"
            query={state.query}
            fileName="visits-due.xlsx"
            rows={state.list.data?.total}
          />
        }
      />
      <FilterCard
        fields={village ? [] : filterFieldsOf(VisitDueQuery, ['region'])}
        query={state.query as Record<string, unknown>}
        setQuery={state.setQuery as (patch: Record<string, unknown>) => void}
        labels={{ region: t('registry.area') }}
        extra={<VisitFilters state={state} />}
      />
      {state.list.isError ? <ErrorAlert error={state.list.error} onRetry={() => void state.list.refetch()} /> : null}
      {state.selected.length ? (
        <BulkBar
          title={t('visits.title')}
          fileName="visits-due.xlsx"
          columns={exported}
          keys={state.selected}
          root={() => box.current}
          onClear={() => state.setSelected([])}
        />
      ) : null}
      <VisitCards state={state} />
    </div>
  );
}
