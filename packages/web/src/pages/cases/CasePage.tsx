import { ArrowLeftOutlined } from '@ant-design/icons';
import type { CaseActionType } from '@dixian/core';
import type { CaseActionView, CaseDetail } from '@dixian/core/api';
import { Alert, Button, Card, Col, Collapse, Drawer, Flex, List, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useCase } from '../../api/monitoring';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';
import { CaseFacts, DeadlinesCard, EventsCard, GuardsCard, ProcedureRecords, ProcedureSteps } from './CaseParts';
import { PlanCard } from './PlanCard';
import { PlanForm } from './PlanForm';
import { STEP_FORM_TYPES, StepForm } from './StepForm';

/** Refusals that only say "not at this stage" or "not your role": noise in the list of steps one cannot take. */
const SILENT_REASONS = new Set(['stage_not_allowed', 'role_not_allowed']);

/** Steps that end or undo something, shown as danger buttons. */
const DANGER = new Set<CaseActionType>([
  'county_reject',
  'reject_case',
  'county_reject_elimination',
  'rollback_elimination',
]);

const hasForm = (a: CaseActionView) =>
  !!a.endpoint && (STEP_FORM_TYPES.has(a.type) || a.type === 'record_assistance_plan');

/**
 * The steps the caller may take now, as buttons (from the server's `actions`: what the role may do at this stage
 * under the case's facts), and the ones blocked by a rule, with the server's reason (notice not over, open
 * objection, guards not met, no-labour flag…).
 */
function ActionsCard({ detail, onPick }: { detail: CaseDetail; onPick: (a: CaseActionView) => void }) {
  const { t, L } = useI18n();
  const now = detail.actions.filter((a) => a.allowed && hasForm(a));
  const blocked = detail.actions.filter((a) => !a.allowed && a.reason && !SILENT_REASONS.has(a.reason) && a.message);
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('case.actions')}</h2>}
      data-testid="actions-card"
    >
      {now.length ? (
        <Flex wrap gap={8}>
          {now.map((a, i) => (
            <Button
              key={a.type}
              type={i === 0 && !DANGER.has(a.type) ? 'primary' : 'default'}
              danger={DANGER.has(a.type)}
              size="large"
              onClick={() => onPick(a)}
              data-testid={`action-${a.type}`}
            >
              {L(a.label)}
            </Button>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary" data-testid="no-actions">
          {t('case.noActions')}
        </Typography.Text>
      )}
      {blocked.length ? (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'blocked',
              label: t('case.blocked', { n: blocked.length }),
              children: (
                <List
                  size="small"
                  dataSource={blocked}
                  renderItem={(a) => (
                    <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid={`blocked-${a.type}`}>
                      <strong>{L(a.label)}</strong>
                      <div>
                        <Typography.Text type="secondary">{a.message ? L(a.message) : a.reason}</Typography.Text>
                      </div>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}

type Detail = Parameters<typeof ProcedureSteps>[0]['detail'];

/** The cards of a case: steps, facts, guards, deadlines, plan, records and events. */
function CaseCards({ d, onPick }: { d: Detail; onPick: (a: CaseActionView) => void }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <ActionsCard detail={d} onPick={onPick} />
      </Col>
      <Col xs={24} xl={10}>
        <CaseFacts detail={d} />
      </Col>
      {d.guards ? (
        <Col xs={24} xl={14}>
          <GuardsCard guards={d.guards} />
        </Col>
      ) : null}
      <Col xs={24} xl={d.guards ? 10 : 12}>
        <DeadlinesCard detail={d} />
      </Col>
      {d.plan ? (
        <Col span={24}>
          <PlanCard planId={d.plan.id} />
        </Col>
      ) : null}
      <Col xs={24} xl={12}>
        <ProcedureRecords detail={d} />
      </Col>
      <Col xs={24} xl={12}>
        <EventsCard detail={d} />
      </Col>
    </Row>
  );
}

/** The form of the step picked: the plan's, or the step's own; a re-marking goes on to the new case. */
function StepDrawer(p: {
  d: Detail;
  picked: CaseActionView | null;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const { L } = useI18n();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const { d, picked } = p;
  return (
    <Drawer
      open={!!picked}
      onClose={p.onClose}
      title={picked ? L(picked.label) : ''}
      width={phone ? '100%' : 560}
      destroyOnHidden
      data-testid="step-drawer"
    >
      {picked?.type === 'record_assistance_plan' ? (
        <PlanForm detail={d} onDone={p.onClose} />
      ) : picked?.endpoint ? (
        <StepForm
          key={picked.type}
          type={picked.type}
          detail={d}
          endpoint={picked.endpoint}
          onReload={p.onReload}
          onDone={(next) => {
            p.onClose();
            // a re-marking opens a new case: go to it
            if (next.case.id !== d.case.id) navigate(`/cases/${next.case.id}`);
          }}
        />
      ) : null}
    </Drawer>
  );
}

/** `?step=reject_case` (from the warnings inbox) opens that step's form once, if the caller may take it now. */
function useStepFromUrl(detail: Detail | undefined, pick: (a: CaseActionView) => void) {
  const [params, setParams] = useSearchParams();
  const wanted = params.get('step');
  useEffect(() => {
    if (!wanted || !detail) return;
    const action = detail.actions.find((a) => a.type === wanted && a.allowed && hasForm(a));
    if (action) pick(action);
    setParams(
      (p) => {
        p.delete('step');
        return p;
      },
      { replace: true },
    );
  }, [wanted, detail, setParams, pick]);
}

/**
 * The case page (issue 6 §4): the household, the stage in its procedure, the countdown to the current deadline,
 * the steps the caller may take (each a form validated like the server), the elimination guards, the commitment,
 * votes, notices and objections, the plan with its measures and every event.
 */
export function CasePage() {
  const { id } = useParams();
  const { t, L } = useI18n();
  const navigate = useNavigate();
  const query = useCase(id);
  const [picked, setPicked] = useState<CaseActionView | null>(null);
  useStepFromUrl(query.data, setPicked);
  return (
    <QueryState query={query} rows={10}>
      {(d) => (
        <>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
            {t('common.back')}
          </Button>
          <PageHeader
            title={
              <>
                {d.household.headName ?? ''}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 16 }}>
                  {t('case.title', { no: d.household.householdNo })}
                </Typography.Text>
              </>
            }
            sub={d.household.regionName}
            extra={<Link to={`/households/${d.household.id}`}>{t('case.openHousehold')}</Link>}
          />
          {d.case.currentDueOn && d.deadlines.current?.overdue ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('case.overdueAlert', { what: L(d.deadlines.current.label), date: d.case.currentDueOn })}
            />
          ) : null}
          <Card size="small" style={{ marginBottom: 16 }}>
            <ProcedureSteps detail={d} />
          </Card>
          <CaseCards d={d} onPick={setPicked} />
          <StepDrawer d={d} picked={picked} onClose={() => setPicked(null)} onReload={() => query.refetch()} />
        </>
      )}
    </QueryState>
  );
}
