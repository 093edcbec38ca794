import { Department, SIGNAL_RULES, type SignalType } from '@dixian/core';
import type { LeadView, WarningListItem } from '@dixian/core/api';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { StartVerification } from '../../features/leads/StartVerification';
import { signalLabel } from '../../features/warnings/signal-label';
import { VerifyWarningButton } from '../../features/warnings/VerifyWarning';
import { useI18n } from '../../i18n/i18n';
import { chinaDay } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';

/** The case the import attached the warning to: work it there, or reject it with a reason. */
function CaseActions({ w, size }: { w: WarningListItem; size: 'large' | 'small' }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  return (
    <Space wrap size={4}>
      <Button size={size} type="primary" onClick={() => navigate(`/cases/${w.caseId}`)} data-testid="warning-case">
        {t('warnings.work')}
      </Button>
      {session.can('case.step.reject_case') ? (
        <Button size={size} onClick={() => navigate(`/cases/${w.caseId}?step=reject_case`)}>
          {t('warnings.dismiss')}
        </Button>
      ) : null}
    </Space>
  );
}

/** A warning that became a lead: verified by opening its case (立案核实), or a link to the lead. */
function LeadActions({ w, size }: { w: WarningListItem; size: 'large' | 'small' }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const { message } = App.useApp();
  const [lead, setLead] = useState<LeadView | null>(null);
  const [busy, setBusy] = useState(false);
  if (!session.can('case.step.start_verification'))
    return <Link to={`/leads?householdId=${w.householdId}`}>{t('warnings.seeLead')}</Link>;
  const open = async () => {
    setBusy(true);
    try {
      setLead(await api.get<LeadView>(`/api/leads/${w.leadId}`));
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap size={4}>
      <Button size={size} type="primary" loading={busy} data-testid="warning-verify" onClick={() => void open()}>
        {t('warnings.verify')}
      </Button>
      {lead ? <StartVerification lead={lead} onClose={() => setLead(null)} /> : null}
    </Space>
  );
}

/** A warning only received: dispatched as a lead to the household's village. */
function DispatchAction({ w, size }: { w: WarningListItem; size: 'large' | 'small' }) {
  const { t, L, lang } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const [busy, setBusy] = useState(false);
  const dispatch = async () => {
    setBusy(true);
    try {
      const rule = SIGNAL_RULES[w.signalType as SignalType];
      const created = await api.post<LeadView>('/api/leads', {
        channel: 'department_warning',
        subChannel: 'department_feed',
        department: w.department,
        householdId: w.householdId,
        riskTypes: rule?.riskTypes ?? [],
        description: `${L(Department.labels[w.department])}:${signalLabel(w.signalType, L)} ${w.personName ?? ''}`,
        discoveredOn: chinaDay(w.createdAt),
      });
      message.success(created.status === 'attached' ? t('lead.attached') : t('warnings.dispatched'));
      await refresh();
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size={size} type="primary" loading={busy} data-testid="warning-dispatch" onClick={() => void dispatch()}>
      {t('warnings.dispatch')}
    </Button>
  );
}

/**
 * What to do with a warning, as the procedure allows: a warning the feed import attached to a case is worked on
 * that case (including or rejecting it with a reason); one that became a lead is verified by opening its case; one
 * only received is dispatched as a lead to the household's village. Beside them, 核实 records the verification's
 * result and reason, which goes back to the department (issue 15 §5).
 */
export function WarningActions({ w }: { w: WarningListItem }) {
  const session = useSignedIn();
  const size = useIsPhone() ? 'large' : 'small';
  if (!session.can('warning.verify')) return null;
  return (
    <Space wrap size={4}>
      <ProcedureActions w={w} size={size} />
      <VerifyWarningButton w={w} size={size} />
    </Space>
  );
}

function ProcedureActions({ w, size }: { w: WarningListItem; size: 'large' | 'small' }) {
  const session = useSignedIn();
  if (w.caseId) return <CaseActions w={w} size={size} />;
  if (w.leadId) return <LeadActions w={w} size={size} />;
  if (!session.can('lead.create')) return null;
  return <DispatchAction w={w} size={size} />;
}
