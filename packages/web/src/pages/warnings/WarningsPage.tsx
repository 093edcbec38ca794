import { Department, SIGNAL_RULES, WarningStatus, type SignalType } from '@dixian/core';
import { WarningListQuery, type WarningListItem, type WarningPage } from '@dixian/core/api';
import { DatePicker, Flex, Segmented, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { signalLabel } from '../../features/warnings/signal-label';
import { WarningOutcome } from '../../features/warnings/WarningOutcome';
import { useI18n, type I18n } from '../../i18n/i18n';
import { chinaDay, daysUntil, money } from '../../lib/format';
import { WarningActions } from './WarningActions';

type State = ListState<typeof WarningListQuery, WarningPage>;

const STATUS_COLORS: Record<WarningStatus, string> = {
  received: 'orange',
  lead_created: 'blue',
  attached: 'purple',
  verified_risk: 'red',
  verified_no_risk: 'default',
  included: 'volcano',
  dismissed: 'default',
};

/**
 * The rule that raised the warning when the server names it (a medical warning: the amount, or the share of last
 * year's income), else the measured value against the threshold in the rule's unit ("5,121.33 元 / 标准 20,000.00 元").
 */
export function metricText(
  w: Pick<WarningListItem, 'signalType' | 'metricValue' | 'threshold'> & Partial<Pick<WarningListItem, 'basis'>>,
  i18n: I18n,
): string {
  if (w.basis) return i18n.L(w.basis);
  const unit = SIGNAL_RULES[w.signalType as SignalType]?.unit ?? null;
  const show = (v: number | null) => {
    if (v === null) return null;
    if (unit === 'fen') return money(v, i18n.lang);
    if (unit === 'days') return i18n.t('common.days', { n: v });
    if (unit === 'grade') return i18n.t('warnings.grade', { n: v });
    return String(v);
  };
  const m = show(w.metricValue);
  const th = show(w.threshold);
  if (m && th) return `${m} / ${i18n.t('warnings.threshold')} ${th}`;
  return m ?? '';
}

function VerifyDue({ w }: { w: WarningListItem }) {
  const { t } = useI18n();
  if (w.verifiedAt) return t('warnings.verifiedAt', { date: chinaDay(w.verifiedAt) });
  return w.verifyDueOn ? <DaysLeftTag daysLeft={daysUntil(w.verifyDueOn)} dueOn={w.verifyDueOn} /> : '—';
}

function SignalCell({ w }: { w: WarningListItem }) {
  const i18n = useI18n();
  return (
    <div>
      <div>{signalLabel(w.signalType, i18n.L)}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {metricText(w, i18n)}
      </Typography.Text>
    </div>
  );
}

function useWarningColumns(): Column<WarningListItem>[] {
  const { t, enumLabel } = useI18n();
  const session = useSignedIn();
  const dept: Column<WarningListItem>[] = session.user.department
    ? []
    : [
        {
          key: 'department',
          title: t('lead.department'),
          sortField: 'department',
          render: (w) => enumLabel(Department, w.department),
        },
      ];
  return [
    {
      key: 'person',
      title: t('warnings.person'),
      card: 'title',
      render: (w) =>
        session.can('household.read') ? (
          <Link to={`/households/${w.householdId}`}>{w.personName ?? w.householdNo}</Link>
        ) : (
          (w.personName ?? '—')
        ),
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      sortField: 'status',
      render: (w) => (
        <Tag color={STATUS_COLORS[w.status]} data-testid="warning-status">
          {enumLabel(WarningStatus, w.status)}
        </Tag>
      ),
    },
    { key: 'signal', title: t('warnings.signal'), render: (w) => <SignalCell w={w} /> },
    ...dept,
    {
      key: 'id',
      title: t('apply.idNumber'),
      render: (w) => (w.idNumber ? <Typography.Text code>{w.idNumber}</Typography.Text> : '—'),
    },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (w) => w.regionName ?? w.regionCode,
    },
    { key: 'event', title: t('warnings.eventDate'), sortField: 'eventDate', render: (w) => w.eventDate ?? '—' },
    { key: 'received', title: t('warnings.received'), sortField: 'createdAt', render: (w) => chinaDay(w.createdAt) },
    { key: 'due', title: t('warnings.verifyDue'), sortField: 'verifyDueOn', render: (w) => <VerifyDue w={w} /> },
    {
      key: 'outcome',
      title: t('warnings.outcome'),
      render: (w) =>
        w.verificationResult ? (
          <WarningOutcome w={w} />
        ) : w.caseId && session.can('case.read') ? (
          <Link to={`/cases/${w.caseId}`}>{t('lead.case')}</Link>
        ) : (
          '—'
        ),
    },
    { key: 'actions', title: t('plan.actions'), fixed: 'right', render: (w) => <WarningActions w={w} /> },
  ];
}

/** To verify, all, or the status a dashboard link asked for; and the days received. */
function WarningFilters({ state: { query, setQuery } }: { state: State }) {
  const { t, enumLabel } = useI18n();
  const status = query.status ?? 'all';
  return (
    <Flex gap={8} wrap>
      <Segmented
        value={status === 'to_verify' || status === 'all' ? status : 'other'}
        onChange={(v) => v !== 'other' && setQuery({ status: v === 'all' ? undefined : v })}
        options={[
          { value: 'to_verify', label: t('warnings.toVerify') },
          { value: 'all', label: t('common.all') },
          ...(status !== 'to_verify' && status !== 'all'
            ? [{ value: 'other', label: enumLabel(WarningStatus, status as WarningStatus) }]
            : []),
        ]}
      />
      <DatePicker.RangePicker
        inputReadOnly
        style={{ minWidth: 240, flex: 1 }}
        aria-label={t('warnings.received')}
        placeholder={[t('warnings.receivedFrom'), t('warnings.receivedTo')]}
        value={[
          query.receivedFrom ? dayjs(query.receivedFrom) : null,
          query.receivedTo ? dayjs(query.receivedTo) : null,
        ]}
        onChange={(r) =>
          setQuery({ receivedFrom: r?.[0]?.format('YYYY-MM-DD'), receivedTo: r?.[1]?.format('YYYY-MM-DD') })
        }
      />
    </Flex>
  );
}

/**
 * The warnings inbox (issue 6 §5): department warnings of the area (GET /api/warnings), those still to verify
 * first in view, each with its signal, the measured value against the policy's threshold, its verification
 * deadline and what became of it; the township and village work them through the case procedure. A department
 * officer sees their own department's warnings and their outcome.
 */
export function WarningsPage() {
  const { t, enumLabel } = useI18n();
  const department = useSignedIn().user.department;
  const state = useList<typeof WarningListQuery, WarningPage>(WarningListQuery, '/api/warnings', ['warnings', 'list']);
  return (
    <ListPage
      title={t('warnings.title')}
      sub={
        department ? t('warnings.ofDepartment', { dept: enumLabel(Department, department as Department) }) : undefined
      }
      state={state}
      schema={WarningListQuery}
      columns={useWarningColumns()}
      rowKey={(w) => w.id}
      filters={{
        noChips: ['status', 'receivedFrom', 'receivedTo'],
        fields: department ? ['region'] : ['department', 'region'],
        labels: {
          department: t('lead.department'),
          region: t('registry.area'),
          receivedFrom: t('warnings.receivedFrom'),
          receivedTo: t('warnings.receivedTo'),
        },
        extra: <WarningFilters state={state} />,
      }}
      exportPath="/api/warnings/export.xlsx"
      exportName="warnings.xlsx"
      empty={t('warnings.empty')}
    />
  );
}
