import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import type { RiskType } from '@dixian/core';
import {
  CaseStage,
  type CaseStage as Stage,
  citeSource,
  MonitoringCategory,
  policyVersionText,
  Role,
} from '@dixian/core';
import type { CaseDetail } from '@dixian/core/api';
import { Card, Descriptions, Empty, Flex, List, Space, Steps, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { DeadlineCountdown } from '../../features/cases/DeadlineCountdown';
import { RiskTags } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { CASE_EVENT_LABELS } from '../../i18n/labels';
import type { MessageKey } from '../../i18n/messages';
import { when } from '../../lib/format';
import { useIsPhone } from '../../lib/responsive';

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

interface Step {
  key: MessageKey;
  date: string | null;
}

/** Where the stage sits in its procedure: identification (7 steps) or elimination (5 steps). */
function procedure(c: CaseDetail['case']): { steps: Step[]; current: number; failed: boolean } {
  const elimination =
    !!c.eliminationProposedOn ||
    ['elimination_proposed', 'eliminated'].includes(c.stage) ||
    c.stage.startsWith('elimination_');
  if (elimination) {
    const steps: Step[] = [
      { key: 'case.p.proposed', date: c.eliminationProposedOn },
      { key: 'case.p.villageReview', date: c.eliminationVillageReviewedOn },
      {
        key: 'case.p.notice',
        date: c.eliminationNoticeStartOn ? `${c.eliminationNoticeStartOn} – ${c.eliminationNoticeEndOn ?? ''}` : null,
      },
      { key: 'case.p.townshipReview', date: c.eliminationTownshipReviewedOn },
      { key: 'case.p.eliminated', date: c.eliminatedOn },
    ];
    const at: Partial<Record<Stage, number>> = {
      elimination_proposed: 1,
      elimination_village_reviewed: 2,
      elimination_publicizing: 2,
      elimination_township_reviewed: 4,
      eliminated: 5,
    };
    return { steps, current: at[c.stage] ?? 0, failed: false };
  }
  const steps: Step[] = [
    { key: 'case.p.opened', date: c.discoveredOn },
    { key: 'case.p.commitment', date: c.commitmentSignedOn },
    { key: 'case.p.verified', date: c.verifiedOn },
    { key: 'case.p.villageReview', date: c.villageReviewedOn },
    { key: 'case.p.notice', date: c.noticeStartOn ? `${c.noticeStartOn} – ${c.noticeEndOn ?? ''}` : null },
    { key: 'case.p.townshipReview', date: c.townshipReviewedOn },
    { key: 'case.p.countyConfirm', date: c.confirmedOn },
  ];
  const at: Partial<Record<Stage, number>> = {
    verifying: c.commitmentSignedOn ? 2 : 1,
    commitment_signed: 3,
    village_reviewed: 4,
    publicizing: 4,
    township_reviewed: 6,
    monitoring: 7,
  };
  if (c.stage === 'rejected') {
    // the step after the last one that happened is where the case stopped
    const last = steps.reduce((i, s, n) => (s.date ? n : i), 0);
    return { steps, current: Math.min(last + 1, steps.length - 1), failed: true };
  }
  return { steps, current: at[c.stage] ?? 0, failed: false };
}

/** The procedure as steps with their dates, the current one highlighted (vertical on a phone). */
export function ProcedureSteps({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  const { steps, current, failed } = procedure(detail.case);
  return (
    <Steps
      size="small"
      direction={phone ? 'vertical' : 'horizontal'}
      labelPlacement={phone ? 'horizontal' : 'vertical'}
      current={current}
      status={failed ? 'error' : current >= steps.length ? 'finish' : 'process'}
      items={steps.map((s) => ({ title: t(s.key), description: s.date ?? undefined }))}
      data-testid="procedure-steps"
    />
  );
}

/** The case's facts: stage, category, risk types, the deadline countdown, the no-labour flag. */
export function CaseFacts({ detail }: { detail: CaseDetail }) {
  const { t, enumLabel, L } = useI18n();
  const c = detail.case;
  return (
    <Card size="small" title={h2(t('case.facts'))}>
      {/* every breakpoint named: antd falls back to 3 columns for the ones left out, too many for this card */}
      <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small">
        <Descriptions.Item label={t('household.stage')}>
          <Space wrap size={4}>
            <Tag
              color={c.stage === 'rejected' ? 'default' : c.stage === 'eliminated' ? 'green' : 'blue'}
              data-testid="case-stage"
            >
              {L(c.stageLabel)}
            </Tag>
            <Typography.Text type="secondary">{t('household.episode', { n: c.episode })}</Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('household.deadline')}>
          <DeadlineCountdown dueOn={c.currentDueOn} kind={c.currentDueKind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('household.category')}>
          {c.category ? enumLabel(MonitoringCategory, c.category) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.riskTypes')}>
          {c.riskTypes.length ? <RiskTags risks={c.riskTypes} /> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.discovered')}>{c.discoveredOn}</Descriptions.Item>
        {c.confirmedOn ? <Descriptions.Item label={t('household.confirmed')}>{c.confirmedOn}</Descriptions.Item> : null}
        {c.rejectedOn ? (
          <Descriptions.Item label={t('case.rejected')}>
            {c.rejectedOn} {c.rejectionReason ?? ''}
          </Descriptions.Item>
        ) : null}
        {c.eliminatedOn ? (
          <Descriptions.Item label={t('household.eliminatedOn')}>{c.eliminatedOn}</Descriptions.Item>
        ) : null}
        {c.rolledBackOn ? <Descriptions.Item label={t('case.rolledBack')}>{c.rolledBackOn}</Descriptions.Item> : null}
        <Descriptions.Item label={t('household.noLabor')}>
          {c.wholeHouseholdNoLabor ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.policyVersion')}>
          {detail.policyVersion ? L(policyVersionText(detail.policyVersion)) : '—'}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Every deadline of the case: when due, met on which day, late or overdue. */
export function DeadlinesCard({ detail }: { detail: CaseDetail }) {
  const { t, L } = useI18n();
  const list = detail.deadlines.deadlines;
  return (
    <Card size="small" title={h2(t('case.deadlines'))}>
      {list.length ? (
        <List
          size="small"
          dataSource={list}
          renderItem={(d) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex justify="space-between" wrap gap={8} style={{ width: '100%' }}>
                <span>{L(d.label)}</span>
                <span>
                  {d.open ? (
                    <DeadlineCountdown dueOn={d.dueOn} kind={null} />
                  ) : (
                    <Space size={4} wrap>
                      <Tag color={d.late ? 'red' : 'green'}>{d.late ? t('case.metLate') : t('case.metInTime')}</Tag>
                      <Typography.Text type="secondary">
                        {t('case.dueMet', { due: d.dueOn, met: d.metOn ?? '—' })}
                      </Typography.Text>
                    </Space>
                  )}
                </span>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('household.noDeadline')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}

const GUARD_ICON: Record<string, ReactNode> = {
  yes: <CheckCircleFilled style={{ color: '#2e7d32' }} aria-hidden />,
  no: <CloseCircleFilled style={{ color: '#c62828' }} aria-hidden />,
  disabled: <MinusCircleFilled style={{ color: '#8c8c8c' }} aria-hidden />,
  unknown: <QuestionCircleFilled style={{ color: '#d46b08' }} aria-hidden />,
};
const GUARD_TEXT: Record<string, MessageKey> = {
  yes: 'case.guardMet',
  no: 'case.guardNotMet',
  disabled: 'explain.disabled',
  unknown: 'explain.unknown',
};

/**
 * The elimination guards (S1 §四(四); S3 §三(六)) as a checklist: each guard's explanation, met or not, with its
 * source; elimination can be proposed and approved only when every one is met.
 */
export function GuardsCard({ guards }: { guards: NonNullable<CaseDetail['guards']> }) {
  const { t, L } = useI18n();
  return (
    <Card
      size="small"
      title={h2(t('case.guards'))}
      extra={
        <Tag color={guards.met ? 'green' : 'red'} data-testid="guards-verdict">
          {guards.met ? t('household.guardsMet') : t('household.guardsNotMet')}
        </Tag>
      }
      data-testid="guards-card"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('case.guardsAsOf', { date: guards.asOf })}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={guards.explanations}
        renderItem={(e) => (
          <List.Item style={{ paddingInline: 0 }} data-testid="guard" data-outcome={e.outcome}>
            <Flex gap={8} align="start">
              <span style={{ fontSize: 18, lineHeight: 1 }}>{GUARD_ICON[e.outcome]}</span>
              <div style={{ minWidth: 0 }}>
                <div>
                  <span className="sr-only">{t(GUARD_TEXT[e.outcome]!)}: </span>
                  {L(e.message)}
                </div>
                {e.source ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {L(citeSource(e.source))}
                  </Typography.Text>
                ) : null}
              </div>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

type Notice = CaseDetail['notices'][number];

function usePurpose() {
  const { t } = useI18n();
  return (p: 'identification' | 'elimination') =>
    t(p === 'identification' ? 'case.forIdentification' : 'case.forElimination');
}

function Commitment({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const c = detail.commitment;
  if (!c) return <Typography.Paragraph type="secondary">{t('case.noCommitment')}</Typography.Paragraph>;
  return (
    <Typography.Paragraph>
      {t('case.commitmentText', { date: c.signedOn, name: c.signerName })}{' '}
      {c.authorizesAssetCheck ? <Tag color="green">{t('step.authorizes')}</Tag> : null}
      {c.documentRef ? <Typography.Text type="secondary"> {c.documentRef}</Typography.Text> : null}
    </Typography.Paragraph>
  );
}

function Reviews({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const purpose = usePurpose();
  if (!detail.reviews.length) return <Typography.Paragraph type="secondary">{t('common.none')}</Typography.Paragraph>;
  return (
    <List
      size="small"
      dataSource={detail.reviews}
      renderItem={(r) => (
        <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="review">
          <Space wrap size={4}>
            <span>{r.heldOn}</span>
            <Tag>{purpose(r.purpose)}</Tag>
            <Tag color={r.passed ? 'green' : 'red'}>{r.passed ? t('case.passed') : t('case.notPassed')}</Tag>
            <span>
              {t('case.votes', {
                attendees: r.attendees,
                for: r.votesFor,
                against: r.votesAgainst,
                abstain: r.abstentions,
              })}
            </span>
          </Space>
          {r.minutes ? <Typography.Paragraph type="secondary">{r.minutes}</Typography.Paragraph> : null}
        </List.Item>
      )}
    />
  );
}

function Objections({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  return notice.objections.map((o) => (
    <div
      key={o.id}
      style={{ marginTop: 6, paddingInlineStart: 12, borderInlineStart: '3px solid #f0f0f0' }}
      data-testid="objection"
    >
      <Space wrap size={4}>
        <Tag color={o.resolvedOn ? 'green' : 'orange'}>
          {o.resolvedOn ? t('case.objectionResolved') : t('case.objectionOpen')}
        </Tag>
        <span>{o.raisedOn}</span>
        {o.raisedBy ? <span>{o.raisedBy}</span> : null}
      </Space>
      <div>{o.content}</div>
      {o.resolvedOn ? (
        <Typography.Text type="secondary">
          {o.resolvedOn} {o.resolution} {o.upheld ? `(${t('step.upheld')})` : ''}
        </Typography.Text>
      ) : null}
    </div>
  ));
}

function Notices({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const purpose = usePurpose();
  if (!detail.notices.length) return <Typography.Paragraph type="secondary">{t('common.none')}</Typography.Paragraph>;
  return (
    <List
      size="small"
      dataSource={detail.notices}
      renderItem={(n) => (
        <List.Item style={{ paddingInline: 0, display: 'block' }} data-testid="notice">
          <Space wrap size={4}>
            <Tag>{purpose(n.purpose)}</Tag>
            <span>
              {n.startOn} – {n.endOn}
            </span>
            {n.place ? <Typography.Text type="secondary">{n.place}</Typography.Text> : null}
            {n.closedOn ? <Tag>{t('case.noticeClosed', { date: n.closedOn })}</Tag> : null}
          </Space>
          <Objections notice={n} />
        </List.Item>
      )}
    />
  );
}

/** The commitment, the democratic reviews with their votes, and the notices with their objections. */
export function ProcedureRecords({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const h3 = (text: string) => (
    <Typography.Title level={3} style={{ fontSize: 14 }}>
      {text}
    </Typography.Title>
  );
  return (
    <Card size="small" title={h2(t('case.records'))} data-testid="records-card">
      {h3(t('case.commitment'))}
      <Commitment detail={detail} />
      {h3(t('case.reviews'))}
      <Reviews detail={detail} />
      {h3(t('case.notices'))}
      <Notices detail={detail} />
    </Card>
  );
}

/** A short, readable line of an event's payload: the reason, opinion, findings or votes it carried. */
function eventDetail(payload: Record<string, unknown>): string | null {
  for (const k of ['reason', 'opinion', 'findings', 'resolution', 'content', 'note', 'basis', 'dataComparisonNote']) {
    const v = payload[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Everything that happened to the case, newest first, with who did it. */
export function EventsCard({ detail }: { detail: CaseDetail }) {
  const { t, L, enumLabel } = useI18n();
  const events = [...detail.events].reverse();
  return (
    <Card size="small" title={h2(t('case.events'))}>
      <Timeline
        style={{ marginTop: 8 }}
        items={events.map((e) => {
          const label = (CASE_EVENT_LABELS as Record<string, { zh: string; en: string }>)[e.type];
          const extra = eventDetail(e.payload);
          return {
            key: e.seq,
            color: e.type.includes('reject') || e.type.includes('refused') ? 'red' : 'blue',
            children: (
              <div data-testid="case-event">
                <div>
                  <strong>{label ? L(label) : e.type}</strong>{' '}
                  {e.toStage && e.toStage !== e.fromStage ? <Tag>{enumLabel(CaseStage, e.toStage)}</Tag> : null}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(e.at)} {e.actorRole ? enumLabel(Role, e.actorRole) : ''}
                </Typography.Text>
                {Array.isArray(e.payload.riskTypes) && e.payload.riskTypes.length ? (
                  <div>
                    <RiskTags risks={e.payload.riskTypes as RiskType[]} />
                  </div>
                ) : null}
                {extra ? <div style={{ overflowWrap: 'anywhere' }}>{extra}</div> : null}
              </div>
            ),
          };
        })}
      />
    </Card>
  );
}
