import { Department, SIGNAL_RULES, WarningStatus, type SignalType } from '@dixian/core';
import { WarningListQuery, type LeadView, type WarningListItem, type WarningPage } from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, isApiError, type Query } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../../components/ResponsiveTable';
import { useI18n, type I18n } from '../../i18n/i18n';
import { daysUntil, money } from '../../lib/format';
import { chinaDay } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { useUrlQuery } from '../../lib/use-url-query';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { signalLabel } from '../../features/warnings/signal-label';
import { StartVerification } from '../../features/leads/StartVerification';

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

/**
 * What to do with a warning, as the procedure allows: a warning the feed import attached to a case is worked on
 * that case (including or rejecting it with a reason); one that became a lead is verified by opening its case; one
 * only received is dispatched as a lead to the household's village.
 */
function WarningActions({ w }: { w: WarningListItem }) {
  const { t, L, lang } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const [lead, setLead] = useState<LeadView | null>(null);
  const [busy, setBusy] = useState(false);
  const phone = useIsPhone();
  const size = phone ? 'large' : 'small';
  if (!session.can('warning.verify')) return null;
  if (w.caseId)
    return (
      <Space wrap size={4}>
        <Button size={size} type="primary" onClick={() => navigate(`/cases/${w.caseId}`)} data-testid="warning-case">
          {t('warnings.work')}
        </Button>
        {session.can('case.step.reject_case') ? (
          <Button size={size} onClick={() => navigate(`/cases/${w.caseId}?step=reject_case`)}>
            {t('warnings.dismiss')}
          </Button>
        ) : null}
      </Space>
    );
  if (w.leadId)
    return (
      <Space wrap size={4}>
        {session.can('case.step.start_verification') ? (
          <Button
            size={size}
            type="primary"
            loading={busy}
            data-testid="warning-verify"
            onClick={async () => {
              setBusy(true);
              try {
                setLead(await api.get<LeadView>(`/api/leads/${w.leadId}`));
              } catch (e) {
                message.error(isApiError(e) ? e.text(lang) : String(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('warnings.verify')}
          </Button>
        ) : (
          <Link to={`/leads?householdId=${w.householdId}`}>{t('warnings.seeLead')}</Link>
        )}
        {lead ? <StartVerification lead={lead} onClose={() => setLead(null)} /> : null}
      </Space>
    );
  if (!session.can('lead.create')) return null;
  return (
    <Button
      size={size}
      type="primary"
      loading={busy}
      data-testid="warning-dispatch"
      onClick={async () => {
        setBusy(true);
        try {
          const rule = SIGNAL_RULES[w.signalType as SignalType];
          const created = await api.post<LeadView>('/api/leads', {
            channel: 'department_warning',
            subChannel: 'department_feed',
            department: w.department,
            householdId: w.householdId,
            riskTypes: rule?.riskTypes ?? [],
            description: `${L(Department.labels[w.department])}:${signalLabel(w.signalType, L)} ${w.personName ?? ''}`,
            discoveredOn: chinaDay(w.createdAt),
          });
          message.success(created.status === 'attached' ? t('lead.attached') : t('warnings.dispatched'));
          await refresh();
        } catch (e) {
          message.error(isApiError(e) ? e.text(lang) : String(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('warnings.dispatch')}
    </Button>
  );
}

/**
 * The warnings inbox (issue 6 §5): department warnings of the area (GET /api/warnings), those still to verify
 * first in view, each with its signal, the measured value against the policy's threshold, its verification
 * deadline and what became of it; the township and village work them through the case procedure. A department
 * officer sees their own department's warnings and their outcome.
 */
export function WarningsPage() {
  const i18n = useI18n();
  const { t, enumLabel, L } = i18n;
  const session = useSignedIn();
  const [query, setQuery] = useUrlQuery(WarningListQuery);
  const list = useQuery({
    queryKey: ['warnings', 'list', query],
    queryFn: () => api.get<WarningPage>('/api/warnings', query as Query),
    placeholderData: keepPreviousData,
  });
  const department = session.user.department;
  const columns: Column<WarningListItem>[] = [
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
      render: (w) => (
        <Tag color={STATUS_COLORS[w.status]} data-testid="warning-status">
          {enumLabel(WarningStatus, w.status)}
        </Tag>
      ),
    },
    {
      key: 'signal',
      title: t('warnings.signal'),
      render: (w) => (
        <div>
          <div>{signalLabel(w.signalType, L)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {metricText(w, i18n)}
          </Typography.Text>
        </div>
      ),
    },
    ...(department
      ? []
      : [
          {
            key: 'department',
            title: t('lead.department'),
            render: (w: WarningListItem) => enumLabel(Department, w.department),
          },
        ]),
    {
      key: 'id',
      title: t('apply.idNumber'),
      render: (w) => (w.idNumber ? <Typography.Text code>{w.idNumber}</Typography.Text> : '—'),
    },
    { key: 'village', title: t('registry.village'), render: (w) => w.regionName ?? w.regionCode },
    { key: 'event', title: t('warnings.eventDate'), render: (w) => w.eventDate ?? '—' },
    { key: 'received', title: t('warnings.received'), render: (w) => chinaDay(w.createdAt) },
    {
      key: 'due',
      title: t('warnings.verifyDue'),
      render: (w) =>
        w.verifiedAt ? (
          t('warnings.verifiedAt', { date: chinaDay(w.verifiedAt) })
        ) : w.verifyDueOn ? (
          <DaysLeftTag daysLeft={daysUntil(w.verifyDueOn)} dueOn={w.verifyDueOn} />
        ) : (
          '—'
        ),
    },
    {
      key: 'outcome',
      title: t('warnings.outcome'),
      render: (w) =>
        w.caseId && session.can('case.read') ? (
          <Link to={`/cases/${w.caseId}`}>{t('lead.case')}</Link>
        ) : (
          (w.verificationResult ?? '—')
        ),
    },
    { key: 'actions', title: t('plan.actions'), fixed: 'right', render: (w) => <WarningActions w={w} /> },
  ];
  const status = query.status ?? 'all';
  return (
    <>
      <PageHeader
        title={t('warnings.title')}
        sub={
          department ? t('warnings.ofDepartment', { dept: enumLabel(Department, department as Department) }) : undefined
        }
        extra={<ExportButton path="/api/warnings/export.xlsx" query={query} fileName="warnings.xlsx" />}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[8, 8]} align="middle">
          <Col xs={24} md={8}>
            <Segmented
              block
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
          </Col>
          {department ? null : (
            <Col xs={24} sm={12} md={5}>
              <EnumSelect
                enumDef={Department}
                aria-label={t('lead.department')}
                placeholder={t('lead.department')}
                value={query.department}
                onChange={(d) => setQuery({ department: d })}
                style={{ width: '100%' }}
              />
            </Col>
          )}
          <Col xs={24} sm={12} md={5}>
            <RegionPicker
              aria-label={t('registry.area')}
              value={query.region}
              onChange={(region) => setQuery({ region })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} md={6}>
            <DatePicker.RangePicker
              inputReadOnly
              style={{ width: '100%' }}
              aria-label={t('warnings.received')}
              placeholder={[t('warnings.receivedFrom'), t('warnings.receivedTo')]}
              value={[
                query.receivedFrom ? dayjs(query.receivedFrom) : null,
                query.receivedTo ? dayjs(query.receivedTo) : null,
              ]}
              onChange={(r) =>
                setQuery({
                  receivedFrom: r?.[0]?.format('YYYY-MM-DD'),
                  receivedTo: r?.[1]?.format('YYYY-MM-DD'),
                })
              }
            />
          </Col>
        </Row>
      </Card>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        caption={t('warnings.title')}
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(w) => w.id}
        loading={list.isFetching}
        empty={t('warnings.empty')}
        paging={urlPaging(list.data, query, setQuery)}
      />
    </>
  );
}
