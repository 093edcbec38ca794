import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { ScenarioChange } from '@dixian/core';
import type { PolicyDraftList, PolicyDraftView, ScenarioList, ScenarioView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { ResponsiveTable, type Column } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { getPath, POLICY_PARAMS } from '../../i18n/labels';
import { money, when } from '../../lib/format';
import { formatParam } from '../policy/format';
import { DraftDrawer } from './DraftDrawer';
import { PublishDrawer } from './PublishDrawer';
import { RunScenarioModal } from './RunScenarioModal';

/** The parameters a draft changes, in words: "监测线 7,300.00 元". */
export function DraftChanges({ body }: { body: Record<string, unknown> }) {
  const i18n = useI18n();
  const set = POLICY_PARAMS.filter((p) => getPath(body, p.path) !== undefined);
  if (!set.length) return <Typography.Text type="secondary">{i18n.t('scenario.noChanges')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {set.map((p) => (
        <Tag key={p.path} style={{ whiteSpace: 'normal' }}>
          {i18n.L(p.label)}：{formatParam(p, getPath(body, p.path), i18n)}
        </Tag>
      ))}
    </Space>
  );
}

export function ScenarioProgress({ s }: { s: ScenarioView }) {
  const { t } = useI18n();
  if (s.status === 'done') return <Tag color="success">{t('scenario.status.done')}</Tag>;
  if (s.status === 'failed') return <Tag color="error">{t('scenario.status.failed')}</Tag>;
  const pct = s.householdsTotal ? Math.floor((100 * s.householdsDone) / s.householdsTotal) : 0;
  return <Progress percent={pct} size="small" status="active" aria-label={t('scenario.status.running')} />;
}

/** The drafts' columns, with their actions (publishing only for who may publish a policy). */
function useDraftColumns(a: {
  onRun: (d: PolicyDraftView) => void;
  onEdit: (d: PolicyDraftView) => void;
  onPublish: (d: PolicyDraftView) => void;
  onRemove: (d: PolicyDraftView) => Promise<void>;
}): Column<PolicyDraftView>[] {
  const { t } = useI18n();
  const session = useSignedIn();
  const { onRun } = a;
  const setEditing = a.onEdit;
  const setPublishing = a.onPublish;
  const remove = a.onRemove;
  return [
    { key: 'name', title: t('scenario.draftName'), card: 'title', render: (d) => d.name },
    { key: 'region', title: t('scenario.draftRegion'), render: (d) => d.regionName ?? d.regionPrefix },
    { key: 'changes', title: t('scenario.changes'), render: (d) => <DraftChanges body={d.body} /> },
    {
      key: 'published',
      title: t('scenario.state'),
      render: (d) =>
        d.publishedPolicyId ? <Tag color="green">{t('scenario.published')}</Tag> : <Tag>{t('scenario.draft')}</Tag>,
    },
    { key: 'updated', title: t('scenario.updated'), render: (d) => when(d.updatedAt) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (d) => (
        <Space wrap>
          <Button size="small" type="primary" icon={<ExperimentOutlined />} onClick={() => onRun(d)}>
            {t('scenario.run')}
          </Button>
          <Button size="small" onClick={() => setEditing(d)}>
            {t('scenario.edit')}
          </Button>
          {session.can('policy.edit') && !d.publishedPolicyId ? (
            <Button size="small" onClick={() => setPublishing(d)}>
              {t('scenario.publish')}
            </Button>
          ) : null}
          <Popconfirm title={t('scenario.deleteConfirm')} onConfirm={() => remove(d)}>
            <Button size="small" danger>
              {t('scenario.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
}

function DraftsCard({ onRun }: { onRun: (d: PolicyDraftView) => void }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const drafts = useQuery({
    queryKey: ['policy-drafts'],
    queryFn: () => api.get<PolicyDraftList>('/api/policy-drafts'),
  });
  const [editing, setEditing] = useState<PolicyDraftView | 'new' | null>(null);
  const [publishing, setPublishing] = useState<PolicyDraftView | null>(null);
  const remove = async (d: PolicyDraftView) => {
    try {
      await api.delete(`/api/policy-drafts/${d.id}`);
      await client.invalidateQueries({ queryKey: ['policy-drafts'] });
      await client.invalidateQueries({ queryKey: ['scenarios'] });
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    }
  };
  const columns = useDraftColumns({ onRun, onEdit: setEditing, onPublish: setPublishing, onRemove: remove });
  return (
    <Card
      size="small"
      title={t('scenario.drafts')}
      style={{ marginBottom: 16 }}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="draft-new">
          {t('scenario.newDraft')}
        </Button>
      }
    >
      {drafts.isError ? <ErrorAlert error={drafts.error} onRetry={() => void drafts.refetch()} /> : null}
      <ResponsiveTable
        rows={drafts.data?.items ?? []}
        columns={columns}
        rowKey={(d) => d.id}
        loading={drafts.isLoading}
        caption={t('scenario.drafts')}
        empty={<Empty description={t('scenario.noDrafts')} />}
      />
      {editing ? (
        <DraftDrawer
          area={session.user.scopeCode}
          draft={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {publishing ? <PublishDrawer draft={publishing} onClose={() => setPublishing(null)} /> : null}
    </Card>
  );
}

const yuanDelta = (s: ScenarioView, lang: 'zh' | 'en') => {
  const c = s.summary?.cost;
  if (!c) return '—';
  const d = c.dibaoMonthlyDraftFen - c.dibaoMonthlyBaseFen;
  return `${d >= 0 ? '+' : '−'}${money(Math.abs(d), lang)}`;
};

/** The scenarios side by side: one column per scenario chosen, one row per figure. */
function SideBySide({ items }: { items: ScenarioView[] }) {
  const { t, L, lang } = useI18n();
  type Row = { key: string; label: string; value: (s: ScenarioView) => string };
  const tally = (c: ScenarioChange): Row => ({
    key: c,
    label: L(ScenarioChange.labels[c]),
    value: (s) => {
      const x = s.summary?.changes[c];
      return x ? t('scenario.householdsPeople', { h: x.households, p: x.people }) : '—';
    },
  });
  const rows: Row[] = [
    { key: 'line', label: t('scenario.line'), value: (s) => money(s.summary?.lines.draftLineFen ?? null, lang) },
    {
      key: 'dibao',
      label: t('scenario.dibaoStandard'),
      value: (s) => money(s.summary?.lines.draftDibaoMonthlyFen ?? null, lang),
    },
    ...ScenarioChange.values.map(tally),
    { key: 'cost', label: t('scenario.dibaoCostDelta'), value: (s) => yuanDelta(s, lang) },
    {
      key: 'relief',
      label: t('scenario.tempRelief'),
      value: (s) => money(s.summary?.cost.tempReliefOnceFen ?? null, lang),
    },
    { key: 'cases', label: t('scenario.casesToOpen'), value: (s) => String(s.summary?.workload.casesToOpen ?? '—') },
    {
      key: 'visits',
      label: t('scenario.visitsPerMonth'),
      value: (s) => String(s.summary?.workload.visitsPerMonth ?? '—'),
    },
  ];
  const columns: Column<Row>[] = [
    { key: 'label', title: t('scenario.figure'), card: 'title', render: (r) => r.label },
    ...items.map((s) => ({
      key: s.id,
      title: `${s.draftName}（${s.scopeName ?? s.scopeCode}，${s.asOf}）`,
      render: (r: Row) => r.value(s),
    })),
  ];
  return <ResponsiveTable rows={rows} columns={columns} rowKey={(r) => r.key} caption={t('scenario.compare')} />;
}

function ScenariosCard() {
  const { t, lang } = useI18n();
  const list = useQuery({
    queryKey: ['scenarios'],
    queryFn: () => api.get<ScenarioList>('/api/scenarios'),
    refetchInterval: (q) => (q.state.data?.items.some((s) => s.status === 'running') ? 1000 : false),
  });
  const [chosen, setChosen] = useState<string[]>([]);
  const items = list.data?.items ?? [];
  const columns: Column<ScenarioView>[] = [
    {
      key: 'draft',
      title: t('scenario.draftName'),
      card: 'title',
      render: (s) => <Link to={`/scenarios/${s.id}`}>{s.draftName}</Link>,
    },
    { key: 'scope', title: t('scenario.scope'), render: (s) => s.scopeName ?? s.scopeCode },
    { key: 'asOf', title: t('scenario.asOf'), render: (s) => s.asOf },
    { key: 'status', title: t('scenario.state'), card: 'extra', render: (s) => <ScenarioProgress s={s} /> },
    {
      key: 'enter',
      title: L_ENTER(lang),
      render: (s) => String(s.summary?.changes.enter_monitoring.households ?? '—'),
    },
    { key: 'dibao', title: t('scenario.dibaoCostDelta'), render: (s) => yuanDelta(s, lang) },
    { key: 'started', title: t('scenario.startedAt'), render: (s) => when(s.startedAt) },
  ];
  const done = items.filter((s) => s.status === 'done');
  return (
    <Card size="small" title={t('scenario.scenarios')}>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        rows={items}
        columns={columns}
        rowKey={(s) => s.id}
        loading={list.isLoading}
        caption={t('scenario.scenarios')}
        empty={<Empty description={t('scenario.noScenarios')} />}
        selection={{
          keys: chosen,
          onChange: (keys) => setChosen(keys.filter((k) => done.some((s) => s.id === k))),
          testId: 'scenario-choose',
        }}
      />
      {chosen.length ? (
        <div style={{ marginTop: 16 }} data-testid="scenario-compare">
          <Typography.Title level={3} style={{ fontSize: 14 }}>
            {t('scenario.compare')}
          </Typography.Title>
          <SideBySide items={done.filter((s) => chosen.includes(s.id))} />
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('scenario.compareHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

const L_ENTER = (lang: 'zh' | 'en') => ScenarioChange.labels.enter_monitoring[lang];

/**
 * 政策模拟 (issue 20 §1): drafts of a policy version kept out of force, each run over the area as a scenario
 * (progress shown while it runs), and the scenarios compared side by side against the policy in force.
 */
export function ScenariosPage() {
  const { t } = useI18n();
  const [running, setRunning] = useState<PolicyDraftView | null>(null);
  return (
    <>
      <PageHeader title={t('scenario.title')} sub={t('scenario.sub')} />
      <DraftsCard onRun={setRunning} />
      <ScenariosCard />
      {running ? <RunScenarioModal draft={running} onClose={() => setRunning(null)} /> : null}
    </>
  );
}
