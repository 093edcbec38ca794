import { RightOutlined } from '@ant-design/icons';
import type { MonitoringStatus } from '@dixian/core';
import { VisitDueQuery, type VisitDueItem, type VisitDuePage } from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  List,
  Pagination,
  Row,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { StatusTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { daysUntil } from '../../lib/format';
import { useUrlQuery } from '../../lib/use-url-query';
import './visits.css';

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

/**
 * The households due for a visit this month (GET /api/visits/due), the overdue ones first and marked red,
 * made for a village cadre's phone: one card per household, the whole card a large target that opens the visit
 * form. Lifted (脱贫) and monitored households are visited at least monthly (S3 §三(二)), 低保/特困 households at
 * least quarterly (S2 §二(二)8): the dashboard's overdue visits count the same households.
 */
export function VisitsDuePage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const [query, setQuery] = useUrlQuery(VisitDueQuery);
  const list = useQuery({
    queryKey: ['visits', 'due', query],
    queryFn: () => api.get<VisitDuePage>('/api/visits/due', query as Query),
    placeholderData: keepPreviousData,
  });
  const canVisit = session.can('visit.create');
  const village = session.user.scopeCode.length === 12;
  const d = list.data;
  return (
    <div className="visits-page">
      <PageHeader
        title={t('visits.title')}
        sub={d ? t('visits.sub', { month: d.month, n: d.total, overdue: d.overdueCount }) : undefined}
        extra={<ExportButton path="/api/visits/due/export.xlsx" query={query} fileName="visits-due.xlsx" />}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[8, 8]} align="middle">
          <Col xs={12} md={6}>
            <DatePicker
              picker="month"
              size="large"
              allowClear={false}
              inputReadOnly
              aria-label={t('work.month')}
              value={dayjs(query.month ?? d?.month ?? dayjs().format('YYYY-MM'), 'YYYY-MM')}
              onChange={(m) => setQuery({ month: m ? m.format('YYYY-MM') : undefined })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={12} md={6}>
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
          </Col>
          {village ? null : (
            <Col xs={24} md={8}>
              <RegionPicker
                aria-label={t('registry.area')}
                value={query.region}
                onChange={(region) => setQuery({ region })}
                style={{ width: '100%' }}
              />
            </Col>
          )}
        </Row>
      </Card>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <section aria-label={t('visits.title')}>
        <List<VisitDueItem>
          loading={list.isFetching}
          dataSource={d?.items ?? []}
          rowKey={(i) => i.householdId}
          locale={{ emptyText: <Empty description={t('visits.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          renderItem={(item) => (
            <List.Item style={{ padding: '4px 0', border: 'none' }}>
              <Card
                size="small"
                className={item.overdue ? 'visit-card visit-card-overdue' : 'visit-card'}
                data-testid="visit-due"
                data-overdue={item.overdue}
                style={{ width: '100%' }}
                hoverable={canVisit}
                onClick={canVisit ? () => navigate(`/visits/${item.householdId}`) : undefined}
              >
                <Flex justify="space-between" align="center" gap={8}>
                  <div style={{ minWidth: 0 }}>
                    <Flex wrap gap={6} align="center">
                      <Typography.Text strong style={{ fontSize: 16 }}>
                        {item.headName ?? item.householdNo}
                      </Typography.Text>
                      <DueText item={item} />
                    </Flex>
                    <Typography.Text type="secondary" style={{ display: 'block' }}>
                      {item.regionName ?? ''} · {item.householdNo}
                    </Typography.Text>
                    <Flex wrap gap={4} style={{ marginTop: 4 }}>
                      {item.lifted ? <Tag>{t('visits.lifted')}</Tag> : null}
                      {item.socialAssistance ? <Tag>{t('visits.socialAssistance')}</Tag> : null}
                      {item.monitoringStatus !== 'not_monitored' ? (
                        <StatusTag status={item.monitoringStatus as MonitoringStatus} />
                      ) : null}
                      <Typography.Text type="secondary">
                        {t('visits.last', { date: item.lastVisitOn ?? t('deadlines.neverVisited') })}
                      </Typography.Text>
                    </Flex>
                  </div>
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
                        navigate(`/visits/${item.householdId}`);
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
              onChange={(page) => setQuery({ page }, { keepPage: true })}
            />
          </Flex>
        ) : null}
      </section>
    </div>
  );
}
