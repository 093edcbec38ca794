import { CLOSED_STAGES, HouseholdType, MonitoringCategory } from '@dixian/core';
import type { HouseholdView, UnmaskResponse } from '@dixian/core/api';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useHousehold } from '../../api/queries';
import { useSignedIn } from '../../auth/session';
import { RequestChangeMenu } from '../../features/changes/RequestChangeMenu';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { RiskTags, StatusTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { AssessmentCard } from './AssessmentCard';
import { CaseCard } from './CaseCard';
import { HistoryCard } from './HistoryCard';
import { IncomeCard } from './IncomeCard';
import { MembersCard } from './MembersCard';
import { UnmaskButton } from './UnmaskButton';
import { HouseholdActions } from '../../features/households/HouseholdActions';
import { MemberDrawer, type MemberTask } from '../../features/households/MemberDrawer';

function Overview({ h, clear }: { h: HouseholdView; clear: UnmaskResponse | null }) {
  const { t, enumLabel } = useI18n();
  const yn = (b: boolean) => (b ? <Tag color="green">{t('common.yes')}</Tag> : <Tag color="red">{t('common.no')}</Tag>);
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.basic')}</h2>}>
      <Descriptions column={{ xs: 1, sm: 2, lg: 2 }} size="small">
        <Descriptions.Item label={t('household.status')}>
          <StatusTag status={h.monitoringStatus} />
        </Descriptions.Item>
        <Descriptions.Item label={t('household.category')}>
          {h.monitoringCategory ? enumLabel(MonitoringCategory, h.monitoringCategory) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.type')}>
          {enumLabel(HouseholdType, h.householdType)}
          {h.liftedYear ? ` (${h.liftedYear})` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.riskTypes')}>
          {h.riskTypes.length ? <RiskTags risks={h.riskTypes} /> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.address')}>{h.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('household.phone')}>{clear?.household.phone ?? h.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('household.contact')}>
          {h.monitorContact ?? '—'} {clear?.household.monitorContactPhone ?? h.monitorContactPhone ?? ''}
        </Descriptions.Item>
        {h.receivesDibao || h.isTekun || h.pairedPartyMember ? (
          <Descriptions.Item label={t('household.pairedPartyMember')}>
            {h.pairedPartyMember ?? t('visits.noPairedPartyMember')}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('household.firstIdentified')}>{h.firstIdentifiedOn ?? '—'}</Descriptions.Item>
        {h.riskEliminatedOn ? (
          <Descriptions.Item label={t('household.eliminatedOn')}>{h.riskEliminatedOn}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('household.lastVisit')}>{h.lastVisitOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('household.noLabor')}>
          {h.wholeHouseholdNoLabor ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('household.guarantees')} span={2}>
          <Space size={4} wrap>
            <span>{t('guarantee.foodClothing')}</span>
            {yn(h.foodClothingSecure)}
            <span>{t('guarantee.housing')}</span>
            {yn(!['C', 'D'].includes(h.housingSafetyGrade ?? ''))}
            <span>{t('guarantee.water')}</span>
            {yn(h.drinkingWaterSafe)}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/**
 * The household page: overview, members (masked; audited unmask for roles that may), the current case with
 * its deadline countdown, income by year against the line, the explained assessment and the history.
 */
export function HouseholdPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const session = useSignedIn();
  const detail = useHousehold(id);
  const [clear, setClear] = useState<UnmaskResponse | null>(null);
  const [task, setTask] = useState<MemberTask | null>(null);

  return (
    <QueryState query={detail} rows={10}>
      {(d) => {
        const h = d.household;
        const head = d.members.find((m) => m.relation === 'head');
        return (
          <>
            <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
              {t('common.back')}
            </Button>
            <PageHeader
              title={
                <>
                  {head?.name ?? ''}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 16 }}>
                    {t('household.title', { no: h.householdNo })}
                  </Typography.Text>
                </>
              }
              sub={h.regionName}
              extra={
                session.can('personal_data.unmask') ? (
                  clear ? (
                    <Space wrap>
                      <Tag color="orange" data-testid="unmasked-tag">
                        {t('household.unmasked')}
                      </Tag>
                      <Button onClick={() => setClear(null)}>{t('household.hideClear')}</Button>
                    </Space>
                  ) : (
                    <UnmaskButton householdId={h.id} onUnmasked={setClear} />
                  )
                ) : null
              }
            />
            <HouseholdActions detail={d} />
            <RequestChangeMenu detail={d} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Overview h={h} clear={clear} />
              </Col>
              <Col xs={24} xl={10}>
                <CaseCard cases={d.cases} />
              </Col>
              <Col span={24}>
                <MembersCard
                  members={d.members}
                  clear={clear}
                  onTask={session.can('member.write') ? setTask : undefined}
                  locked={d.cases.some((c) => !CLOSED_STAGES.includes(c.stage))}
                />
                <MemberDrawer detail={d} task={task} onClose={() => setTask(null)} />
              </Col>
              <Col xs={24} xl={12}>
                <IncomeCard incomes={d.incomes} regionCode={h.regionCode} members={d.members} />
              </Col>
              <Col xs={24} xl={12}>
                <AssessmentCard householdId={h.id} />
              </Col>
              <Col span={24}>
                <HistoryCard detail={d} />
              </Col>
            </Row>
          </>
        );
      }}
    </QueryState>
  );
}
