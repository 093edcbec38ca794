import { SearchOutlined } from '@ant-design/icons';
import { EliminationMethod, HouseholdType, MonitoringCategory, MonitoringStatus, RiskType } from '@dixian/core';
import { HouseholdSearchQuery, type HouseholdListItem } from '@dixian/core/api';
import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Flex, Input, Row, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useHouseholds, useRegionTree } from '../api/queries';
import { EnumSelect } from '../components/EnumSelect';
import { PageHeader } from '../components/PageHeader';
import { ErrorAlert } from '../components/QueryState';
import { RegionPicker } from '../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../components/ResponsiveTable';
import { CategoryTag, RiskTags, StatusTag } from '../components/Tags';
import { useI18n } from '../i18n/i18n';
import { messages, type MessageKey } from '../i18n/messages';
import { useIsPhone } from '../lib/responsive';
import { useUrlQuery } from '../lib/use-url-query';

/** Filters with a control of their own on the page; others (from a dashboard link) show as chips only. */
const FILTER_KEYS = ['region', 'status', 'category', 'riskType', 'householdType'] as const;
const NOT_FILTERS = new Set(['q', 'page', 'pageSize']);

/**
 * Every filter in force, as closable chips, so a list opened from a dashboard figure says what it counts (and
 * filters without a control of their own, such as the as-of day, can be removed).
 */
function ActiveFilters({ query, onClear }: { query: Record<string, unknown>; onClear: (key: string) => void }) {
  const { t, enumLabel } = useI18n();
  const regions = useRegionTree();
  const entries = Object.entries(query).filter(([k, v]) => !NOT_FILTERS.has(k) && v !== undefined && v !== '');
  if (!entries.length) return null;
  const value = (k: string, v: unknown): string => {
    const s = String(v);
    if (k === 'region') return regions.data?.nodes.find((r) => r.code === s)?.name ?? s;
    if (k === 'status') return enumLabel(MonitoringStatus, s as MonitoringStatus);
    if (k === 'category') return enumLabel(MonitoringCategory, s as MonitoringCategory);
    if (k === 'riskType') return enumLabel(RiskType, s as RiskType);
    if (k === 'householdType') return enumLabel(HouseholdType, s as HouseholdType);
    if (k === 'eliminationMethod') return enumLabel(EliminationMethod, s as EliminationMethod);
    if (typeof v === 'boolean' || s === 'true' || s === 'false') return t(s === 'true' ? 'common.yes' : 'common.no');
    return s;
  };
  const label = (k: string): string => {
    const key = `filter.${k}` as MessageKey;
    return key in messages ? t(key) : k;
  };
  return (
    <Flex gap={4} wrap style={{ marginTop: 8 }} data-testid="active-filters">
      {entries.map(([k, v]) => (
        <Tag key={k} closable onClose={() => onClear(k)} color="blue">
          {label(k)}: {value(k, v)}
        </Tag>
      ))}
    </Flex>
  );
}

/**
 * The registry: search first (name, ID number or household number), then filters; everything is in the URL
 * (`/households?status=monitoring_unresolved&region=220681104`), so dashboard figures link straight here.
 * ID numbers are masked by the server.
 */
export function RegistryPage() {
  const { t, enumLabel } = useI18n();
  const [query, setQuery] = useUrlQuery(HouseholdSearchQuery);
  const list = useHouseholds(query);
  const phone = useIsPhone();
  const [showFilters, setShowFilters] = useState(false);
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);

  const columns: Column<HouseholdListItem>[] = [
    {
      key: 'householdNo',
      title: t('registry.householdNo'),
      card: 'title',
      render: (h) => (
        <Link to={`/households/${h.id}`} data-testid="household-link">
          {h.householdNo}
        </Link>
      ),
    },
    { key: 'head', title: t('registry.head'), render: (h) => h.headName ?? '—' },
    {
      key: 'headId',
      title: t('registry.headId'),
      render: (h) => <Typography.Text code>{h.headIdNumber ?? '—'}</Typography.Text>,
    },
    { key: 'village', title: t('registry.village'), render: (h) => h.regionName ?? h.regionCode },
    { key: 'members', title: t('registry.members'), align: 'right', render: (h) => h.memberCount },
    { key: 'type', title: t('registry.householdType'), render: (h) => enumLabel(HouseholdType, h.householdType) },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      render: (h) => <StatusTag status={h.monitoringStatus} />,
    },
    {
      key: 'category',
      title: t('registry.category'),
      render: (h) => (h.monitoringCategory ? <CategoryTag category={h.monitoringCategory} /> : '—'),
    },
    {
      key: 'risks',
      title: t('registry.risks'),
      render: (h) => (h.riskTypes.length ? <RiskTags risks={h.riskTypes} /> : '—'),
    },
  ];

  const filterProps = { style: { width: '100%' } };
  return (
    <>
      <PageHeader title={t('registry.title')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ q: text.trim() });
          }}
        >
          <Row gutter={[8, 8]}>
            <Col xs={24} md={12} lg={10}>
              <Input
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={t('registry.searchPlaceholder')}
                aria-label={t('registry.searchPlaceholder')}
                allowClear
                onClear={() => setQuery({ q: undefined })}
                prefix={<SearchOutlined aria-hidden />}
                data-testid="registry-search"
                size="large"
              />
            </Col>
            <Col xs={phone ? 16 : 24} md={4} lg={3}>
              <Button type="primary" htmlType="submit" block size="large">
                {t('common.search')}
              </Button>
            </Col>
            {phone ? (
              <Col xs={8}>
                <Badge count={FILTER_KEYS.filter((k) => query[k]).length} size="small">
                  <Button
                    block
                    size="large"
                    icon={<FilterOutlined />}
                    aria-expanded={showFilters}
                    onClick={() => setShowFilters((v) => !v)}
                  >
                    {t('common.filters')}
                  </Button>
                </Badge>
              </Col>
            ) : null}
          </Row>
          <Row gutter={[8, 8]} style={{ marginTop: 8, display: phone && !showFilters ? 'none' : undefined }}>
            <Col xs={24} sm={12} lg={6}>
              <RegionPicker
                aria-label={t('registry.area')}
                value={query.region}
                onChange={(region) => setQuery({ region })}
                {...filterProps}
              />
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <EnumSelect
                enumDef={MonitoringStatus}
                aria-label={t('registry.status')}
                placeholder={t('registry.status')}
                value={query.status}
                onChange={(status) => setQuery({ status })}
                {...filterProps}
              />
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <EnumSelect
                enumDef={MonitoringCategory}
                aria-label={t('registry.category')}
                placeholder={t('registry.category')}
                value={query.category}
                onChange={(category) => setQuery({ category })}
                {...filterProps}
              />
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <EnumSelect
                enumDef={RiskType}
                aria-label={t('registry.riskType')}
                placeholder={t('registry.riskType')}
                value={query.riskType}
                onChange={(riskType) => setQuery({ riskType })}
                {...filterProps}
              />
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <EnumSelect
                enumDef={HouseholdType}
                aria-label={t('registry.householdType')}
                placeholder={t('registry.householdType')}
                value={query.householdType}
                onChange={(householdType) => setQuery({ householdType })}
                {...filterProps}
              />
            </Col>
          </Row>
        </form>
        <ActiveFilters query={query} onClear={(key) => setQuery({ [key]: undefined })} />
      </Card>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        caption={t('registry.title')}
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(h) => h.id}
        loading={list.isFetching}
        empty={t('registry.empty')}
        paging={urlPaging(list.data, query, setQuery)}
      />
    </>
  );
}
