import { MonitoringCategory } from '@dixian/core';
import type { CaseSummary } from '@dixian/core/api';
import { Card, Descriptions, Empty, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { DeadlineCountdown } from '../../features/cases/DeadlineCountdown';
import { RiskTags, StageTag } from '../../components/Tags';
import { useI18n } from '../../i18n/i18n';
import { when } from '../../lib/format';

/** The current (latest) case with its stage and the countdown to its nearest open deadline; earlier cases below. */
export function CaseCard({ cases }: { cases: CaseSummary[] }) {
  const { t, enumLabel } = useI18n();
  const { can } = useSignedIn();
  const [current, ...earlier] = cases;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.case')}</h2>}
      size="small"
      data-testid="case-card"
      extra={
        current && can('case.read') ? (
          <Link to={`/cases/${current.id}`} data-testid="case-open">
            {t('household.openCase')}
          </Link>
        ) : null
      }
    >
      {!current ? (
        <Empty description={t('household.noCase')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('household.stage')}>
              <Space wrap>
                <StageTag stage={current.stage} />
                <Typography.Text type="secondary">{t('household.episode', { n: current.episode })}</Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('household.deadline')}>
              <DeadlineCountdown dueOn={current.currentDueOn} kind={current.currentDueKind} />
            </Descriptions.Item>
            {current.category ? (
              <Descriptions.Item label={t('household.category')}>
                {enumLabel(MonitoringCategory, current.category)}
              </Descriptions.Item>
            ) : null}
            {current.riskTypes.length ? (
              <Descriptions.Item label={t('household.riskTypes')}>
                <RiskTags risks={current.riskTypes} />
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('household.discovered')}>{when(current.discoveredAt)}</Descriptions.Item>
            {current.confirmedOn ? (
              <Descriptions.Item label={t('household.confirmed')}>{current.confirmedOn}</Descriptions.Item>
            ) : null}
            {current.eliminatedOn ? (
              <Descriptions.Item label={t('household.eliminatedOn')}>{current.eliminatedOn}</Descriptions.Item>
            ) : null}
          </Descriptions>
          {earlier.length ? (
            <>
              <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                {t('household.pastCases')}
              </Typography.Title>
              <List
                size="small"
                dataSource={earlier}
                renderItem={(c) => (
                  <List.Item>
                    <Space wrap>
                      <span>{t('household.episode', { n: c.episode })}</span>
                      <StageTag stage={c.stage} />
                      <Typography.Text type="secondary">{when(c.discoveredAt)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          ) : null}
        </>
      )}
    </Card>
  );
}
