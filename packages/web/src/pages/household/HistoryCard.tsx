import {
  Department,
  MeasureStatus,
  MeasureType,
  Role,
  RiskType,
  VisitMethod,
  WarningStatus,
  type CaseEventType,
} from '@dixian/core';
import type { HouseholdDetail, MeasureSummary, TimelineEntry, VisitSummary, WarningSummary } from '@dixian/core/api';
import { Card, Empty, Segmented, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n, type I18n } from '../../i18n/i18n';
import { AUDIT_ACTION_LABELS, CASE_EVENT_LABELS, OTHER_AUDIT_ACTION } from '../../i18n/labels';
import type { MessageKey } from '../../i18n/messages';
import { signalLabel } from '../../features/warnings/signal-label';
import { money, when } from '../../lib/format';
import { evidenceOfDetail, VisitEvidence } from './VisitEvidence';

const KIND_COLOR: Record<TimelineEntry['kind'], string> = {
  case_event: 'blue',
  visit: 'green',
  measure: 'purple',
  warning: 'red',
  audit: 'gray',
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What one timeline line says, from its kind, action and detail, in the UI language. */
export function describeEntry(e: TimelineEntry, i18n: I18n): string {
  const { L, enumLabel } = i18n;
  if (e.kind === 'case_event') {
    return e.action in CASE_EVENT_LABELS ? L(CASE_EVENT_LABELS[e.action as CaseEventType]) : e.action;
  }
  if (e.kind === 'visit') {
    const method = str(e.detail.method);
    const risks = Array.isArray(e.detail.newRisks) ? (e.detail.newRisks as RiskType[]) : [];
    const base = method ? enumLabel(VisitMethod, method as VisitMethod) : L(AUDIT_ACTION_LABELS.visit);
    const found = risks.length
      ? `${i18n.t('common.colon')}${risks.map((r) => enumLabel(RiskType, r)).join(i18n.t('common.listSep'))}`
      : '';
    const note = str(e.detail.note);
    return `${base}${found}${note ? ` · ${note}` : ''}`;
  }
  if (e.kind === 'measure') {
    const type = str(e.detail.type);
    const status = e.action.replace(/^measure\./, '');
    return `${type ? enumLabel(MeasureType, type as MeasureType) : ''} · ${enumLabel(MeasureStatus, status as MeasureStatus)}`;
  }
  if (e.kind === 'warning') {
    const status = e.action.replace(/^warning\./, '');
    const dept = e.actor ? enumLabel(Department, e.actor as Department) : '';
    return `${dept} ${signalLabel(str(e.detail.signalType), i18n.L)} · ${enumLabel(WarningStatus, status as WarningStatus)}`;
  }
  // the changed fields are column names: the label says what was done, the record itself shows the values
  return L(AUDIT_ACTION_LABELS[e.action] ?? OTHER_AUDIT_ACTION);
}

function actorOf(e: TimelineEntry, i18n: I18n): string | null {
  if (!e.actor) return null;
  if (e.kind === 'case_event') return i18n.enumLabel(Role, e.actor as Role);
  if (e.kind === 'audit') return e.actor;
  return null;
}

function HouseholdTimeline({ entries }: { entries: TimelineEntry[] }) {
  const i18n = useI18n();
  if (!entries.length)
    return <Empty description={i18n.t('household.noTimeline')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="timeline"
      items={entries.map((e) => ({
        color: KIND_COLOR[e.kind],
        children: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {when(e.at)}
            </Typography.Text>{' '}
            <Tag color={KIND_COLOR[e.kind] === 'gray' ? 'default' : KIND_COLOR[e.kind]}>
              {i18n.t(`timeline.${e.kind}` as MessageKey)}
            </Tag>
            <div>{describeEntry(e, i18n)}</div>
            {e.kind === 'visit' && <VisitEvidence {...evidenceOfDetail(e.detail)} />}
            {actorOf(e, i18n) ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {actorOf(e, i18n)}
              </Typography.Text>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

function useVisitColumns(): Column<VisitSummary>[] {
  const { t, enumLabel } = useI18n();
  const ok = (b: boolean) => (b ? t('common.yes') : <Typography.Text type="danger">{t('common.no')}</Typography.Text>);
  return [
    { key: 'on', title: t('household.visitedOn'), card: 'title', render: (v) => v.visitedOn },
    { key: 'method', title: t('household.kind'), card: 'extra', render: (v) => enumLabel(VisitMethod, v.method) },
    { key: 'income', title: t('household.income'), render: (v) => v.incomeChange ?? '—' },
    {
      key: 'guarantees',
      title: t('household.guarantees'),
      render: (v) => <>{ok(v.foodClothingOk && v.educationOk && v.medicalOk && v.housingOk && v.waterOk)}</>,
    },
    {
      key: 'risks',
      title: t('household.riskTypes'),
      render: (v) => (v.newRisks.length ? v.newRisks.map((r) => enumLabel(RiskType, r)).join(', ') : '—'),
    },
    { key: 'note', title: t('common.details'), render: (v) => v.note ?? '—' },
    {
      key: 'evidence',
      title: t('field.visit.photos'),
      render: (v) => (
        <VisitEvidence photoIds={v.photos.map((p) => p.id)} location={v.location} noEvidence={v.noEvidence} />
      ),
    },
  ];
}

function useMeasureColumns(): Column<MeasureSummary>[] {
  const { t, enumLabel, lang } = useI18n();
  return [
    { key: 'type', title: t('household.kind'), card: 'title', render: (m) => enumLabel(MeasureType, m.type) },
    {
      key: 'status',
      title: t('household.status'),
      card: 'extra',
      render: (m) => <Tag>{enumLabel(MeasureStatus, m.status)}</Tag>,
    },
    {
      key: 'sub',
      title: t('common.details'),
      render: (m) => [m.subType, m.description].filter(Boolean).join(': ') || '—',
    },
    {
      key: 'dept',
      title: t('household.department'),
      render: (m) => (m.department ? enumLabel(Department, m.department as Department) : '—'),
    },
    { key: 'period', title: t('household.period'), render: (m) => `${m.startOn ?? '?'} ~ ${m.endOn ?? ''}` },
    { key: 'amount', title: t('household.amount'), align: 'right', render: (m) => money(m.amountFen, lang) },
  ];
}

function useWarningColumns(): Column<WarningSummary>[] {
  const i18n = useI18n();
  const { t, enumLabel } = i18n;
  return [
    { key: 'dept', title: t('household.warnings'), card: 'title', render: (w) => enumLabel(Department, w.department) },
    {
      key: 'status',
      title: t('household.status'),
      card: 'extra',
      render: (w) => <Tag>{enumLabel(WarningStatus, w.status)}</Tag>,
    },
    { key: 'signal', title: t('common.details'), render: (w) => signalLabel(w.signalType, i18n.L) },
    { key: 'person', title: t('household.name'), render: (w) => w.personName ?? '—' },
    { key: 'id', title: t('household.idNumber'), render: (w) => w.idNumber ?? '—' },
    { key: 'date', title: t('household.discovered'), render: (w) => w.eventDate ?? when(w.createdAt) },
  ];
}

/** Everything that happened to the household: the timeline, and the visits, measures and warnings as lists. */
export function HistoryCard({ detail }: { detail: HouseholdDetail }) {
  const { t } = useI18n();
  // a segmented switch, not tabs: antd's tab bar puts an overflow button inside the tablist on a phone
  const [section, setSection] = useState<'timeline' | 'visits' | 'measures' | 'warnings'>('timeline');
  const visitColumns = useVisitColumns();
  const measureColumns = useMeasureColumns();
  const warningColumns = useWarningColumns();
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.timeline')}</h2>}>
      <Segmented
        block
        value={section}
        onChange={setSection}
        aria-label={t('household.timeline')}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'timeline', label: t('household.timeline') },
          { value: 'visits', label: `${t('household.visitsShort')} ${detail.visits.length}` },
          { value: 'measures', label: `${t('household.measuresShort')} ${detail.measures.length}` },
          { value: 'warnings', label: `${t('household.warningsShort')} ${detail.warnings.length}` },
        ]}
      />
      {section === 'timeline' ? <HouseholdTimeline entries={detail.timeline} /> : null}
      {section === 'visits' ? (
        <ResponsiveTable
          rows={detail.visits}
          columns={visitColumns}
          rowKey={(v) => v.id}
          caption={t('household.visits')}
        />
      ) : null}
      {section === 'measures' ? (
        <ResponsiveTable
          rows={detail.measures}
          columns={measureColumns}
          rowKey={(m) => m.id}
          caption={t('household.measures')}
        />
      ) : null}
      {section === 'warnings' ? (
        <ResponsiveTable
          rows={detail.warnings}
          columns={warningColumns}
          rowKey={(w) => w.id}
          caption={t('household.warnings')}
        />
      ) : null}
    </Card>
  );
}
