import {
  CASE_DEADLINE_LABELS,
  CaseStage,
  HealthStatus,
  LaborCapacity,
  MeasureStatus,
  MeasureType,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
  RiskType,
  type CaseDeadlineKind,
} from '@dixian/core';
import type { OfflineHousehold } from '@dixian/core/api';
import { Alert, Button, Card, Descriptions, List, Result, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { money } from '../../lib/format';
import { householdLabel } from './FieldHome';
import { unsent, useHousehold, useQueue } from './use-field';

/** One household as the phone holds it: who lives there, income, the open case, measures, and what to record. */
export function FieldHousehold() {
  const { id = '' } = useParams();
  const { t, enumLabel } = useI18n();
  const h = useHousehold(id);
  const queue = useQueue();
  const navigate = useNavigate();
  if (h === null) return <Result status="info" title={t('field.notOnPhone')} extra={<BackLink />} />;
  const pending = unsent((queue ?? []).filter((i) => i.householdId === h.id));
  return (
    <>
      <BackLink />
      <Card size="small" title={householdLabel(h)}>
        <Tag>{enumLabel(MonitoringStatus, h.monitoringStatus)}</Tag>
        {h.monitoringCategory && <Tag color="orange">{enumLabel(MonitoringCategory, h.monitoringCategory)}</Tag>}
        {h.riskTypes.map((r) => (
          <Tag key={r} color="red">
            {enumLabel(RiskType, r)}
          </Tag>
        ))}
        {h.visitOverdue && <Tag color="error">{t('field.overdue')}</Tag>}
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {h.regionName}
          {h.naturalVillage ? ` · ${h.naturalVillage}` : ''}
          <br />
          {h.lastVisitOn ? t('field.lastVisit', { date: h.lastVisitOn }) : t('field.neverVisited')}
          {h.visitDueOn ? ` · ${t('field.dueOn', { date: h.visitDueOn })}` : ''}
        </Typography.Paragraph>
        {pending > 0 && <Alert type="info" showIcon message={t('field.pendingHere', { n: pending })} />}
      </Card>
      <div className="field-actions" style={{ marginBottom: 8 }}>
        <Button type="primary" block onClick={() => navigate('visit')}>
          {t('field.act.visit')}
        </Button>
        <Button block onClick={() => navigate('lead')}>
          {t('field.act.lead')}
        </Button>
        <Button block onClick={() => navigate('correct')}>
          {t('field.act.correct')}
        </Button>
        <Button block onClick={() => navigate('delivery')}>
          {t('field.act.delivery')}
        </Button>
      </div>
      <Members h={h} />
      <IncomeAndCase h={h} />
      <Card size="small" title={t('field.measures')}>
        {h.measures.length === 0 ? (
          <Typography.Text type="secondary">{t('field.noMeasures')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={h.measures}
            renderItem={(m) => (
              <List.Item extra={<Link to={`measures/${m.id}`}>{t('field.act.measure')}</Link>}>
                {enumLabel(MeasureType, m.type)} <Tag>{enumLabel(MeasureStatus, m.status)}</Tag>
                {m.description && <div style={{ fontSize: 12 }}>{m.description}</div>}
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}

export function BackLink({ to = '..' }: { to?: string }) {
  const { t } = useI18n();
  return (
    <Link to={to} relative="path" style={{ display: 'inline-block', padding: '4px 0 8px' }}>
      ‹ {t('field.back')}
    </Link>
  );
}

function Members({ h }: { h: OfflineHousehold }) {
  const { t, enumLabel } = useI18n();
  return (
    <Card size="small" title={t('field.members')}>
      <List
        size="small"
        dataSource={h.members.filter((m) => m.inHousehold)}
        renderItem={(m) => (
          <List.Item>
            <span>
              <Typography.Text strong>{m.name}</Typography.Text>{' '}
              {m.relation && enumLabel(Relation, m.relation as Relation)}
              {m.birthYear ? ` · ${m.birthYear}` : ''}
              {m.health ? ` · ${enumLabel(HealthStatus, m.health as HealthStatus)}` : ''}
              {m.laborAbility ? ` · ${enumLabel(LaborCapacity, m.laborAbility as LaborCapacity)}` : ''}
              {m.idNumber && (
                <div style={{ fontSize: 12 }}>
                  <Typography.Text type="secondary">{m.idNumber}</Typography.Text>
                </div>
              )}
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

function IncomeAndCase({ h }: { h: OfflineHousehold }) {
  const { t, lang, L, enumLabel } = useI18n();
  const income = h.latestIncome;
  const c = h.openCase;
  return (
    <Card size="small">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('field.latestIncome')}>
          {income
            ? income.perCapitaFen !== null
              ? t('field.perCapita', { amount: money(income.perCapitaFen, lang), date: income.periodEnd })
              : t('field.netIncome', { amount: money(income.netFen, lang), date: income.periodEnd })
            : '—'}
        </Descriptions.Item>
        {c && (
          <Descriptions.Item label={t('field.openCase')}>
            {enumLabel(CaseStage, c.stage)}
            {c.currentDueOn && c.currentDueKind && (
              <div>
                {t('field.caseDue', {
                  kind: L(CASE_DEADLINE_LABELS[c.currentDueKind as CaseDeadlineKind]),
                  date: c.currentDueOn,
                })}
              </div>
            )}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
