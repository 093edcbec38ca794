import { PlusOutlined } from '@ant-design/icons';
import { Department, LeadChannel, LeadStatus, LeadSubChannel } from '@dixian/core';
import { LeadListQuery, type LeadPage, type LeadView } from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { ExportButton } from '../../components/ExportButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/QueryState';
import { RegionPicker } from '../../components/RegionPicker';
import { ResponsiveTable, urlPaging, type Column } from '../../components/ResponsiveTable';
import { RiskTags, StageTag } from '../../components/Tags';
import { StartVerification } from '../../features/leads/StartVerification';
import { useI18n } from '../../i18n/i18n';
import { daysUntil } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';
import { useUrlQuery } from '../../lib/use-url-query';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { LeadForm } from './LeadForm';

const STATUS_COLORS: Record<LeadStatus, string> = {
  open: 'orange',
  converted: 'blue',
  attached: 'purple',
  dismissed: 'default',
};

/**
 * The area's risk leads from every channel (GET /api/leads): self-applications, cadre findings, department
 * warnings; the open ones with their verification and identification deadlines; a new lead from any channel; and
 * the village cadre's "立案核实" that opens the case.
 */
export function LeadsPage() {
  const { t, enumLabel } = useI18n();
  const session = useSignedIn();
  const phone = useIsPhone();
  const [query, setQuery] = useUrlQuery(LeadListQuery);
  const [creating, setCreating] = useState(false);
  const [starting, setStarting] = useState<LeadView | null>(null);
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: ['leads', 'list', query],
    queryFn: () => api.get<LeadPage>('/api/leads', query as Query),
    placeholderData: keepPreviousData,
  });
  const canStart = session.can('case.step.start_verification');
  const columns: Column<LeadView>[] = [
    {
      key: 'who',
      title: t('lead.household'),
      card: 'title',
      render: (l) =>
        l.householdId ? (
          // the name and the number in blocks of their own, so the link is not a link inside running text
          <div>
            <div>
              <Link to={`/households/${l.householdId}`}>{l.headName ?? l.applicantName ?? l.householdNo}</Link>
            </div>
            {l.householdNo && (l.headName ?? l.applicantName) ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.householdNo}
                </Typography.Text>
              </div>
            ) : null}
          </div>
        ) : (
          <span>
            {l.applicantName} <Tag>{t('lead.notRegistered')}</Tag>
          </span>
        ),
    },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      render: (l) => (
        <Tag color={STATUS_COLORS[l.status]} data-testid="lead-status">
          {enumLabel(LeadStatus, l.status)}
        </Tag>
      ),
    },
    {
      key: 'channel',
      title: t('lead.channel'),
      render: (l) => (
        <span>
          {enumLabel(LeadChannel, l.channel)}
          {l.subChannel ? ` · ${enumLabel(LeadSubChannel, l.subChannel)}` : ''}
          {l.department ? ` · ${enumLabel(Department, l.department)}` : ''}
        </span>
      ),
    },
    { key: 'discovered', title: t('lead.discoveredOn'), render: (l) => l.discoveredOn },
    {
      key: 'due',
      title: t('lead.due'),
      render: (l) => {
        if (l.status !== 'open') return '—';
        const due = l.verifyDueOn && daysUntil(l.verifyDueOn) >= 0 ? l.verifyDueOn : l.identificationDueOn;
        return due ? <DaysLeftTag daysLeft={daysUntil(due)} dueOn={due} /> : '—';
      },
    },
    { key: 'village', title: t('registry.village'), render: (l) => l.regionName ?? l.regionCode },
    {
      key: 'id',
      title: t('apply.idNumber'),
      render: (l) => (l.applicantIdNumber ? <Typography.Text code>{l.applicantIdNumber}</Typography.Text> : '—'),
    },
    {
      key: 'risks',
      title: t('registry.risks'),
      render: (l) => (l.riskTypes.length ? <RiskTags risks={l.riskTypes} /> : '—'),
    },
    {
      key: 'description',
      title: t('lead.description'),
      render: (l) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: l.description }} style={{ margin: 0, maxWidth: 280 }}>
          {l.description ?? '—'}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'case',
      title: t('lead.case'),
      fixed: 'right',
      render: (l) =>
        l.caseId ? (
          <Space size={4} wrap>
            <Link to={`/cases/${l.caseId}`}>{t('common.open')}</Link>
            {l.caseStage ? <StageTag stage={l.caseStage} /> : null}
          </Space>
        ) : l.status === 'open' && canStart ? (
          <Button
            type="primary"
            size={phone ? 'large' : 'small'}
            onClick={() => setStarting(l)}
            data-testid="start-verification"
          >
            {t('lead.startVerification')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('leads.title')}
        extra={
          <>
            {session.can('lead.create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-lead">
                {t('lead.new')}
              </Button>
            ) : null}
            <ExportButton path="/api/leads/export.xlsx" query={query} fileName="leads.xlsx" />
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[8, 8]} align="middle">
          <Col xs={24} md={8}>
            <Segmented
              block
              value={query.overdue ? 'overdue' : (query.status ?? 'all')}
              onChange={(v) =>
                setQuery({
                  status: v === 'all' || v === 'overdue' ? undefined : v,
                  overdue: v === 'overdue' ? 'true' : undefined,
                })
              }
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'open', label: enumLabel(LeadStatus, 'open') },
                { value: 'overdue', label: t('dashboard.overdue') },
              ]}
            />
          </Col>
          <Col xs={24} sm={8} md={5}>
            <EnumSelect
              enumDef={LeadStatus}
              aria-label={t('registry.status')}
              placeholder={t('registry.status')}
              value={query.status}
              onChange={(status) => setQuery({ status })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={8} md={5}>
            <EnumSelect
              enumDef={LeadChannel}
              aria-label={t('lead.channel')}
              placeholder={t('lead.channel')}
              value={query.channel}
              onChange={(channel) => setQuery({ channel })}
              style={{ width: '100%' }}
            />
          </Col>
          <Col xs={24} sm={8} md={6}>
            <RegionPicker
              aria-label={t('registry.area')}
              value={query.region}
              onChange={(region) => setQuery({ region })}
              style={{ width: '100%' }}
            />
          </Col>
        </Row>
      </Card>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <ResponsiveTable
        caption={t('leads.title')}
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(l) => l.id}
        loading={list.isFetching}
        empty={t('leads.empty')}
        paging={urlPaging(list.data, query, setQuery)}
      />
      <Drawer
        open={creating}
        onClose={() => setCreating(false)}
        title={t('lead.new')}
        width={phone ? '100%' : 560}
        destroyOnHidden
      >
        <LeadForm
          onDone={(lead) => {
            setCreating(false);
            if (lead.status === 'attached') message.info(t('lead.attachedHint'));
            setQuery({ status: undefined, overdue: undefined, channel: undefined });
          }}
        />
      </Drawer>
      {starting ? <StartVerification lead={starting} onClose={() => setStarting(null)} /> : null}
    </>
  );
}
