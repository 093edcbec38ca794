import { MonitoringStatus } from '@dixian/core';
import type { OfflineHousehold } from '@dixian/core/api';
import { Card, Empty, Input, List, Segmented, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { money, when } from '../../lib/format';
import { useDownloadState, useHouseholds } from './use-field';

/** How many households a list shows at once on a phone (the search narrows the rest). */
const SHOWN = 60;

export function householdLabel(h: Pick<OfflineHousehold, 'householdNo' | 'headName'>): string {
  return h.headName ? `${h.headName}(${h.householdNo})` : h.householdNo;
}

/** The field app's home: the visits due this month (overdue first), and every household of the area by search. */
export function FieldHome() {
  const { t } = useI18n();
  const households = useHouseholds();
  const download = useDownloadState();
  const [view, setView] = useState<'due' | 'all'>('due');
  const [q, setQ] = useState('');

  const due = useMemo(
    () =>
      (households ?? [])
        .filter((h) => h.visitDueOn !== null || h.visitOverdue)
        .sort(
          (a, b) =>
            Number(b.visitOverdue) - Number(a.visitOverdue) || (a.visitDueOn ?? '').localeCompare(b.visitDueOn ?? ''),
        ),
    [households],
  );
  const shown = useMemo(() => {
    const list =
      view === 'due' ? due : [...(households ?? [])].sort((a, b) => a.householdNo.localeCompare(b.householdNo));
    const needle = q.trim();
    return needle ? list.filter((h) => h.householdNo.includes(needle) || h.headName?.includes(needle)) : list;
  }, [view, due, households, q]);

  if (households === null) return null;
  return (
    <>
      <Card size="small">
        <Typography.Text type="secondary">
          {download?.downloadedAt
            ? `${t('field.stored', { n: households.length })} · ${t('field.lastSync', { at: when(download.downloadedAt) })}`
            : t('field.neverSynced')}
        </Typography.Text>
        {download?.policy && <PolicyNote policy={download.policy} />}
      </Card>
      <Segmented
        block
        value={view}
        onChange={(v) => setView(v as 'due' | 'all')}
        options={[
          { value: 'due', label: `${t('field.due')}(${due.length})` },
          { value: 'all', label: t('field.allHouseholds', { n: households.length }) },
        ]}
        style={{ marginBottom: 8 }}
      />
      <Input.Search
        allowClear
        placeholder={t('field.search')}
        aria-label={t('field.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      {shown.length === 0 ? (
        <Empty description={t('field.none')} />
      ) : (
        <List
          bordered
          style={{ background: '#fff' }}
          dataSource={shown.slice(0, SHOWN)}
          renderItem={(h) => <HouseholdRow h={h} />}
        />
      )}
    </>
  );
}

function HouseholdRow({ h }: { h: OfflineHousehold }) {
  const { t, enumLabel } = useI18n();
  return (
    <List.Item>
      <Link to={`/field/households/${h.id}`} style={{ display: 'block', width: '100%' }}>
        <Typography.Text strong>{householdLabel(h)}</Typography.Text>{' '}
        <Tag>{enumLabel(MonitoringStatus, h.monitoringStatus)}</Tag>
        {h.visitOverdue && <Tag color="error">{t('field.overdue')}</Tag>}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {h.visitDueOn ? t('field.dueOn', { date: h.visitDueOn }) : ''}
          {h.visitDueOn ? ' · ' : ''}
          {h.lastVisitOn ? t('field.lastVisit', { date: h.lastVisitOn }) : t('field.neverVisited')}
        </Typography.Text>
      </Link>
    </List.Item>
  );
}

export function PolicyNote({ policy }: { policy: NonNullable<ReturnType<typeof useDownloadState>>['policy'] }) {
  const { t, lang } = useI18n();
  if (!policy) return null;
  return (
    <div style={{ marginTop: 4, fontSize: 12 }}>
      {policy.monitoringLineFen !== null && (
        <div>{t('field.monitoringLine', { amount: money(policy.monitoringLineFen, lang) })}</div>
      )}
      {policy.visitMonths !== null && <div>{t('field.visitRule', { n: policy.visitMonths })}</div>}
    </div>
  );
}
