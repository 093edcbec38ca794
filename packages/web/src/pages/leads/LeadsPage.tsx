import { PlusOutlined } from '@ant-design/icons';
import { LeadStatus } from '@dixian/core';
import { LeadListQuery, type LeadPage, type LeadView } from '@dixian/core/api';
import { App, Button, Drawer, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useSignedIn } from '../../auth/session';
import { ListPage, useList, type ListState } from '../../components/list';
import type { Column } from '../../components/ResponsiveTable';
import { RiskTags } from '../../components/Tags';
import { StartVerification } from '../../features/leads/StartVerification';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';
import { LeadCase, LeadChannelText, LeadDue, LeadStatusTag, LeadWho } from './LeadCells';
import { LeadForm } from './LeadForm';

type State = ListState<typeof LeadListQuery, LeadPage>;

function useLeadColumns(onStart: (l: LeadView) => void): Column<LeadView>[] {
  const { t } = useI18n();
  const session = useSignedIn();
  const phone = useIsPhone();
  const canStart = session.can('case.step.start_verification');
  return [
    { key: 'who', title: t('lead.household'), card: 'title', render: (l) => <LeadWho lead={l} /> },
    {
      key: 'status',
      title: t('registry.status'),
      card: 'extra',
      sortField: 'status',
      render: (l) => <LeadStatusTag lead={l} />,
    },
    { key: 'channel', title: t('lead.channel'), sortField: 'channel', render: (l) => <LeadChannelText lead={l} /> },
    { key: 'discovered', title: t('lead.discoveredOn'), sortField: 'discoveredOn', render: (l) => l.discoveredOn },
    { key: 'due', title: t('lead.due'), sortField: 'verifyDueOn', render: (l) => <LeadDue lead={l} /> },
    {
      key: 'village',
      title: t('registry.village'),
      sortField: 'regionCode',
      render: (l) => l.regionName ?? l.regionCode,
    },
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
      render: (l) => <LeadCase lead={l} canStart={canStart} phone={phone} onStart={onStart} />,
    },
  ];
}

/** All, open, overdue: one choice over the `status` and `overdue` parameters. */
function LeadSegments({ state: { query, setQuery } }: { state: State }) {
  const { t, enumLabel } = useI18n();
  return (
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
  );
}

/** The drawer with the new-lead form; after it, the list shows every lead again (the new one first). */
function NewLead({ open, onClose, state }: { open: boolean; onClose: () => void; state: State }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  return (
    <Drawer open={open} onClose={onClose} title={t('lead.new')} width={phone ? '100%' : 560} destroyOnHidden>
      <LeadForm
        onDone={(lead) => {
          onClose();
          if (lead.status === 'attached') message.info(t('lead.attachedHint'));
          state.setQuery({ status: undefined, overdue: undefined, channel: undefined });
        }}
      />
    </Drawer>
  );
}

/**
 * The area's risk leads from every channel (GET /api/leads): self-applications, cadre findings, department
 * warnings; the open ones with their verification and identification deadlines; a new lead from any channel; and
 * the village cadre's "立案核实" that opens the case.
 */
export function LeadsPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const state = useList<typeof LeadListQuery, LeadPage>(LeadListQuery, '/api/leads', ['leads', 'list']);
  const [creating, setCreating] = useState(false);
  const [starting, setStarting] = useState<LeadView | null>(null);
  const newLead = session.can('lead.create') ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-lead">
      {t('lead.new')}
    </Button>
  ) : null;
  return (
    <>
      <ListPage
        title={t('leads.title')}
        state={state}
        schema={LeadListQuery}
        columns={useLeadColumns(setStarting)}
        rowKey={(l) => l.id}
        filters={{
          noChips: ['overdue'],
          fields: ['status', 'channel', 'region'],
          labels: { status: t('registry.status'), channel: t('lead.channel'), region: t('registry.area') },
          extra: <LeadSegments state={state} />,
        }}
        actions={newLead}
        exportPath="/api/leads/export.xlsx"
        exportName="leads.xlsx"
        empty={t('leads.empty')}
      />
      <NewLead open={creating} onClose={() => setCreating(false)} state={state} />
      {starting ? <StartVerification lead={starting} onClose={() => setStarting(null)} /> : null}
    </>
  );
}
