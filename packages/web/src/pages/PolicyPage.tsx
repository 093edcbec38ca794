import { PlusOutlined } from '@ant-design/icons';
import { policyVersionText } from '@dixian/core';
import type { PolicyRecordView, PolicyResolvedView, RegionView } from '@dixian/core/api';
import { PolicyResolvedQuery } from '@dixian/core/api';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { usePolicyHistory, useRegionTree, useResolvedPolicy } from '../api/queries';
import { useSignedIn } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';
import { ResponsiveTable, type Column } from '../components/ResponsiveTable';
import { useI18n } from '../i18n/i18n';
import { getPath, POLICY_GROUPS, POLICY_PARAMS, type PolicyParam } from '../i18n/labels';
import { when } from '../lib/format';
import { useUrlQuery } from '../lib/use-url-query';
import { formatParam } from './policy/format';
import { PolicyVersionDrawer } from './policy/PolicyVersionDrawer';

type Source = PolicyResolvedView['sources'][number];

const sameRecord = (r: PolicyRecordView, s: Source) =>
  r.regionPrefix === s.regionPrefix && r.year === s.year && r.version === s.version;

/** A region prefix as people name it: 全国 for the national record, else the region's name. */
function useRegionName() {
  const tree = useRegionTree();
  const { t } = useI18n();
  const names = useMemo(() => {
    const m = new Map<string, RegionView>();
    for (const r of [...(tree.data?.ancestors ?? []), ...(tree.data?.nodes ?? [])]) m.set(r.code, r);
    return m;
  }, [tree.data]);
  return (prefix: string) => (prefix === '' ? t('policy.national') : (names.get(prefix)?.name ?? prefix));
}

/** For each parameter, the most specific source record whose body sets it. */
function useSetBy(resolved: PolicyResolvedView | undefined, history: { items: PolicyRecordView[] } | undefined) {
  return useMemo(() => {
    const out = new Map<string, Source>();
    const records = history?.items ?? [];
    for (const s of resolved?.sources ?? []) {
      const rec = records.find((r) => sameRecord(r, s));
      if (!rec) continue;
      for (const p of POLICY_PARAMS) if (getPath(rec.body, p.path) !== undefined) out.set(p.path, s);
    }
    return out;
  }, [resolved, history]);
}

function useParamColumns(resolved: PolicyResolvedView, setBy: Map<string, Source>): Column<PolicyParam>[] {
  const i18n = useI18n();
  const { t } = i18n;
  const regionName = useRegionName();
  const resolvedData = resolved;
  return [
    { key: 'label', title: t('policy.parameter'), card: 'title', render: (p) => i18n.L(p.label) },
    {
      key: 'value',
      title: t('policy.value'),
      card: 'extra',
      render: (p) => (
        <Typography.Text strong>{formatParam(p, getPath(resolvedData.body, p.path), i18n)}</Typography.Text>
      ),
    },
    {
      key: 'setBy',
      title: t('policy.setBy'),
      render: (p) => {
        const s = setBy.get(p.path);
        return s ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {regionName(s.regionPrefix)} · {s.docNo}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
  ];
}

function useHistoryColumns(): Column<PolicyRecordView>[] {
  const i18n = useI18n();
  const { t } = i18n;
  const regionName = useRegionName();
  return [
    {
      key: 'label',
      title: t('policy.version'),
      card: 'title',
      render: (r) => `${regionName(r.regionPrefix)} ${r.year} v${r.version}`,
    },
    { key: 'effectiveFrom', title: t('policy.effectiveFrom'), card: 'extra', render: (r) => r.effectiveFrom },
    { key: 'docNo', title: t('policy.docNo'), render: (r) => r.docNo ?? '—' },
    { key: 'docTitle', title: t('policy.docTitle'), render: (r) => r.docTitle ?? '—' },
    {
      key: 'overrides',
      title: t('policy.overrides'),
      render: (r) => {
        const set = POLICY_PARAMS.filter((p) => getPath(r.body, p.path) !== undefined);
        if (r.regionPrefix === '' || set.length === POLICY_PARAMS.length) return <Tag>{t('common.all')}</Tag>;
        return set.length ? (
          <Space size={[4, 4]} wrap>
            {set.map((p) => (
              <Tag key={p.path}>
                {i18n.L(p.label)}: {formatParam(p, getPath(r.body, p.path), i18n)}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        );
      },
    },
    { key: 'createdAt', title: t('policy.createdAt'), render: (r) => when(r.createdAt) },
  ];
}

/** The area and the day the policy is read for. */
function PolicyFilters(p: {
  region: string;
  date: string | undefined;
  setQuery: (patch: Record<string, unknown>) => void;
}) {
  const { t } = useI18n();
  const { region, setQuery } = p;
  const query = { date: p.date };
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Row gutter={[8, 8]}>
        <Col xs={24} sm={14} md={10}>
          <RegionPicker
            aria-label={t('policy.region')}
            value={region}
            onChange={(r) => setQuery({ region: r })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} sm={10} md={6}>
          <DatePicker
            aria-label={t('policy.asOf')}
            placeholder={t('policy.asOf')}
            value={query.date ? dayjs(query.date) : null}
            onChange={(d) => setQuery({ date: d ? d.format('YYYY-MM-DD') : undefined })}
            style={{ width: '100%' }}
          />
        </Col>
      </Row>
    </Card>
  );
}

/** The policy in force: where and when, its source records, and every parameter with the record that set it. */
function InForce({ p, setBy }: { p: PolicyResolvedView; setBy: Map<string, Source> }) {
  const i18n = useI18n();
  const { t, L } = i18n;
  const regionName = useRegionName();
  const paramColumns = useParamColumns(p, setBy);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {p.twoLines.aligned ? null : (
        <Alert
          type="warning"
          showIcon
          message={t('policy.twoLinesWarning')}
          description={L(p.twoLines.message)}
          data-testid="two-lines-warning"
        />
      )}
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('policy.inForce')}</h2>}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('policy.region')}>{regionName(p.regionCode)}</Descriptions.Item>
          <Descriptions.Item label={t('policy.asOf')}>{p.asOf}</Descriptions.Item>
          <Descriptions.Item label={t('policy.version')}>
            <Typography.Text data-testid="policy-version">{L(policyVersionText(p.versionLabel))}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={3} style={{ fontSize: 14 }}>
          {t('policy.sources')}
        </Typography.Title>
        <ResponsiveTable<Source>
          caption={t('policy.sources')}
          rows={p.sources}
          rowKey={(s) => `${s.regionPrefix}-${s.year}-${s.version}`}
          columns={[
            { key: 'level', title: t('policy.level'), card: 'title', render: (s) => regionName(s.regionPrefix) },
            {
              key: 'version',
              title: t('policy.version'),
              card: 'extra',
              render: (s) => `${s.year} v${s.version}`,
            },
            { key: 'docNo', title: t('policy.docNo'), render: (s) => s.docNo },
            { key: 'docTitle', title: t('policy.docTitle'), render: (s) => s.docTitle },
            { key: 'effectiveFrom', title: t('policy.effectiveFrom'), render: (s) => s.effectiveFrom },
          ]}
        />
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('policy.parameters')}</h2>}>
        <Row gutter={[16, 8]}>
          {POLICY_GROUPS.map((g) => (
            <Col xs={24} xl={12} key={g.key}>
              <Typography.Title level={3} style={{ fontSize: 14, marginTop: 8 }}>
                {i18n.L(g.label)}
              </Typography.Title>
              <ResponsiveTable
                caption={i18n.L(g.label)}
                rows={g.params}
                columns={paramColumns}
                rowKey={(x) => x.path}
              />
            </Col>
          ))}
        </Row>
      </Card>
    </Space>
  );
}

/** Every record that applies to the area, newest first. */
function HistoryList({ history }: { history: ReturnType<typeof usePolicyHistory> }) {
  const { t } = useI18n();
  const historyColumns = useHistoryColumns();
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('policy.history')}</h2>}
    >
      <QueryState query={history}>
        {(h) =>
          h.items.length ? (
            <ResponsiveTable
              caption={t('policy.history')}
              rows={[...h.items].sort((a, b) =>
                a.effectiveFrom === b.effectiveFrom
                  ? b.regionPrefix.length - a.regionPrefix.length || b.version - a.version
                  : a.effectiveFrom < b.effectiveFrom
                    ? 1
                    : -1,
              )}
              columns={historyColumns}
              rowKey={(r) => r.id}
            />
          ) : (
            <Empty />
          )
        }
      </QueryState>
    </Card>
  );
}

/**
 * The policy in force for an area on a day (GET /api/policies/resolved): every parameter with its label, value
 * and the document that set it; and the history of the records that apply (GET /api/policies). County
 * administrators publish a new version here.
 */
export function PolicyPage() {
  const session = useSignedIn();
  const { t } = useI18n();
  const [query, setQuery] = useUrlQuery(PolicyResolvedQuery.partial());
  const region = query.region ?? session.user.scopeCode;
  const resolved = useResolvedPolicy(region, query.date);
  const history = usePolicyHistory(region);
  const [adding, setAdding] = useState(false);

  const setBy = useSetBy(resolved.data, history.data);

  return (
    <>
      <PageHeader
        title={t('policy.title')}
        extra={
          session.can('policy.edit') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="policy-add">
              {t('policy.add')}
            </Button>
          ) : null
        }
      />
      <PolicyFilters region={region} date={query.date} setQuery={setQuery} />
      <QueryState query={resolved} rows={8}>
        {(p) => <InForce p={p} setBy={setBy} />}
      </QueryState>
      <HistoryList history={history} />
      {adding && resolved.data ? <PolicyVersionDrawer base={resolved.data} onClose={() => setAdding(false)} /> : null}
    </>
  );
}
