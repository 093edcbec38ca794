import { Role, type Label } from '@dixian/core';
import {
  AuditQuery,
  type AuditEntryView,
  type AuditPage as AuditPageData,
  type AuditVerifyResult,
} from '@dixian/core/api';
import { Alert, Button, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { useRegionNames } from '../../features/regions/region-names';
import { useI18n } from '../../i18n/i18n';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../i18n/labels';
import { when } from '../../lib/format';

/** What kind of record an entry concerns, in words (the stored type, or a refusal's record name). */
const TARGET_LABELS: Record<string, Label> = {
  household: { zh: '农户', en: 'Household' },
  member: { zh: '家庭成员', en: 'Member' },
  user: { zh: '用户', en: 'User' },
  lead: { zh: '风险线索', en: 'Lead' },
  monitoring_case: { zh: '监测案件', en: 'Case' },
  case: { zh: '监测案件', en: 'Case' },
  policy: { zh: '政策', en: 'Policy' },
  ledger_item: { zh: '台账事项', en: 'Ledger item' },
  'ledger item': { zh: '台账事项', en: 'Ledger item' },
  feed_batch: { zh: '导入批次', en: 'Feed batch' },
  'feed batch': { zh: '导入批次', en: 'Feed batch' },
  social_assistance_case: { zh: '救助案件', en: 'Assistance case' },
  screening_run: { zh: '排查批次', en: 'Screening run' },
  registry_import: { zh: '户籍导入批次', en: 'Register import' },
  export: { zh: '导出', en: 'Export' },
};

function useAuditColumns(): Column<AuditEntryView>[] {
  const { t, L } = useI18n();
  const regionName = useRegionNames();
  return [
    { key: 'at', title: t('audit.at'), card: 'extra', render: (e) => when(e.at) },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (e) =>
        e.actorUsername ? (
          <span>
            {e.actorUsername}{' '}
            <Typography.Text type="secondary">
              {e.actorRole && e.actorRole in Role.labels ? L(Role.labels[e.actorRole as Role]) : ''}
            </Typography.Text>
          </span>
        ) : (
          t('audit.anonymous')
        ),
    },
    { key: 'action', title: t('audit.action'), card: 'title', render: (e) => L(auditActionLabel(e.action)) },
    {
      key: 'target',
      title: t('audit.target'),
      render: (e) =>
        e.targetType ? (
          <span>
            {L(TARGET_LABELS[e.targetType] ?? { zh: '记录', en: 'Record' })}{' '}
            <Typography.Text type="secondary" copyable={e.targetId ? { text: e.targetId } : false}>
              {e.targetId?.slice(0, 8) ?? ''}
            </Typography.Text>
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'chain',
      title: t('audit.chain'),
      render: (e) => (e.chain === 'system' ? t('audit.system') : regionName(e.chain)),
    },
  ];
}

/** One action to look for, by its name in words. */
function ActionFilter({ state }: { state: ListState<typeof AuditQuery, AuditPageData> }) {
  const { t, L } = useI18n();
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('audit.action')}
      aria-label={t('audit.action')}
      style={{ minWidth: 200 }}
      value={state.query.action}
      onChange={(action?: string) => state.setQuery({ action })}
      options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label: L(label) }))}
      data-testid="audit-action"
    />
  );
}

/** Verify every chain the inspector may read, and say where one breaks. */
function VerifyChains() {
  const { t } = useI18n();
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const broken = result?.chains.find((c) => !c.ok);
  const lost = result?.anchor?.problems[0];
  return (
    <>
      <Button
        loading={busy}
        data-testid="audit-verify"
        onClick={async () => {
          setBusy(true);
          try {
            setResult(await api.post<AuditVerifyResult>('/api/audit/verify'));
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('audit.verify')}
      </Button>
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.ok ? 'success' : 'error'}
          data-testid="audit-verified"
          message={
            broken
              ? t('audit.broken', { chain: broken.chain, seq: broken.firstBroken?.seq ?? 0 })
              : lost
                ? t(lost.reason === 'bad_signature' ? 'audit.anchorForged' : 'audit.anchorLost', {
                    seq: lost.seq,
                    at: when(result.anchor!.at),
                  })
                : t('audit.verified', { n: result.chains.reduce((n, c) => n + c.records, 0) })
          }
          description={
            result.anchor && !lost
              ? t('audit.anchorOk', { at: when(result.anchor.at) })
              : result.anchor === null
                ? t('audit.noAnchor')
                : undefined
          }
        />
      ) : null}
    </>
  );
}

/**
 * The audit log for the inspector (issue 14 §6): every write, unmasked read, export, failed sign-in and refused
 * access of the area, newest first, found by action or record, and the chain verified on demand.
 */
export function AuditPage() {
  const { t } = useI18n();
  const state = useList<typeof AuditQuery, AuditPageData>(AuditQuery, '/api/audit', ['audit', 'list']);
  return (
    <ListPage
      title={t('audit.title')}
      sub={t('audit.sub')}
      state={state}
      schema={AuditQuery}
      columns={useAuditColumns()}
      rowKey={(e) => `${e.chain}:${e.seq}`}
      filters={{
        fields: ['actor', 'dayFrom', 'dayTo', 'targetId'],
        labels: {
          actor: t('audit.actorFilter'),
          dayFrom: t('audit.dayFrom'),
          dayTo: t('audit.dayTo'),
          targetId: t('audit.targetId'),
        },
        extra: <ActionFilter state={state} />,
        noChips: ['action'],
      }}
      actions={<VerifyChains />}
      exportName="audit.xlsx"
      empty={t('audit.empty')}
    />
  );
}
