import { Department, LeadChannel, LeadStatus, LeadSubChannel } from '@dixian/core';
import type { LeadView } from '@dixian/core/api';
import { Button, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { StageTag } from '../../components/Tags';
import { DaysLeftTag } from '../../features/cases/DaysLeftTag';
import { useI18n } from '../../i18n/i18n';
import { daysUntil } from '../../lib/format';

const STATUS_COLORS: Record<LeadStatus, string> = {
  open: 'orange',
  converted: 'blue',
  attached: 'purple',
  dismissed: 'default',
};

/** The household (head's name over its number, in blocks of their own) or the unregistered applicant. */
export function LeadWho({ lead: l }: { lead: LeadView }) {
  const { t } = useI18n();
  if (!l.householdId)
    return (
      <span>
        {l.applicantName} <Tag>{t('lead.notRegistered')}</Tag>
      </span>
    );
  return (
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
  );
}

export function LeadStatusTag({ lead: l }: { lead: LeadView }) {
  const { enumLabel } = useI18n();
  return (
    <Tag color={STATUS_COLORS[l.status]} data-testid="lead-status">
      {enumLabel(LeadStatus, l.status)}
    </Tag>
  );
}

export function LeadChannelText({ lead: l }: { lead: LeadView }) {
  const { enumLabel } = useI18n();
  return (
    <span>
      {enumLabel(LeadChannel, l.channel)}
      {l.subChannel ? ` · ${enumLabel(LeadSubChannel, l.subChannel)}` : ''}
      {l.department ? ` · ${enumLabel(Department, l.department)}` : ''}
    </span>
  );
}

/** An open lead's next deadline: verification while it runs, then identification. */
export function LeadDue({ lead: l }: { lead: LeadView }) {
  if (l.status !== 'open') return '—';
  const due = l.verifyDueOn && daysUntil(l.verifyDueOn) >= 0 ? l.verifyDueOn : l.identificationDueOn;
  return due ? <DaysLeftTag daysLeft={daysUntil(due)} dueOn={due} /> : '—';
}

/** The case the lead became, or the village cadre's 立案核实 on an open one. */
export function LeadCase(p: { lead: LeadView; canStart: boolean; phone: boolean; onStart: (l: LeadView) => void }) {
  const { t } = useI18n();
  const l = p.lead;
  if (l.caseId)
    return (
      <Space size={4} wrap>
        <Link to={`/cases/${l.caseId}`}>{t('common.open')}</Link>
        {l.caseStage ? <StageTag stage={l.caseStage} /> : null}
      </Space>
    );
  if (l.status !== 'open' || !p.canStart) return '—';
  return (
    <Button
      type="primary"
      size={p.phone ? 'large' : 'small'}
      onClick={() => p.onStart(l)}
      data-testid="start-verification"
    >
      {t('lead.startVerification')}
    </Button>
  );
}
