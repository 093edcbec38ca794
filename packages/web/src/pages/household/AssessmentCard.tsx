import { MonitoringCategory } from '@dixian/core';
import type { ExplanationView, HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, List, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useI18n, type I18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { money } from '../../lib/format';

const OUTCOME: Record<ExplanationView['outcome'], { color: string; key: MessageKey }> = {
  yes: { color: 'green', key: 'explain.yes' },
  no: { color: 'default', key: 'explain.no' },
  disabled: { color: 'default', key: 'explain.disabled' },
  unknown: { color: 'orange', key: 'explain.unknown' },
};

/** A fact or threshold value for people: fen as money, booleans as 是/否, lists joined. */
function show(key: string, value: unknown, i18n: I18n): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && /Fen$/.test(key)) return money(value, i18n.lang);
  if (typeof value === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (Array.isArray(value))
    return value.length
      ? value.map((v) => (typeof v === 'object' ? `{${show(key, v, i18n)}}` : show(key, v, i18n))).join('; ')
      : '—';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${show(k, v, i18n)}`)
      .join(', ');
  return String(value);
}

function Pairs({ title, data }: { title: string; data: Record<string, unknown> }) {
  const i18n = useI18n();
  const entries = Object.entries(data);
  if (!entries.length) return null;
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}:{' '}
      </Typography.Text>
      {entries.map(([k, v]) => (
        <Typography.Text key={k} code style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {k} = {show(k, v, i18n)}
        </Typography.Text>
      ))}
    </div>
  );
}

function Explanations({ items, concise }: { items: ExplanationView[]; concise: boolean }) {
  const { t, L } = useI18n();
  const [all, setAll] = useState(!concise);
  // identification runs some 40 rules; by default show the ones that hold or lack data, i.e. the reasons
  const shown = all ? items : items.filter((e) => e.outcome === 'yes' || e.outcome === 'unknown');
  return (
    <>
      {concise ? (
        <Space style={{ marginBottom: 4 }}>
          <Switch
            size="small"
            checked={all}
            onChange={setAll}
            aria-label={t('household.allRules', { n: items.length })}
          />
          <Typography.Text type="secondary">{t('household.allRules', { n: items.length })}</Typography.Text>
        </Space>
      ) : null}
      <List
        size="small"
        dataSource={shown}
        renderItem={(e) => (
          <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="explanation">
            <Flex gap={8} align="start">
              <Tag color={OUTCOME[e.outcome].color} style={{ marginTop: 2, marginInlineEnd: 0 }}>
                {t(OUTCOME[e.outcome].key)}
              </Tag>
              <div style={{ minWidth: 0 }}>
                <div>{L(e.message)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <Typography.Text code style={{ fontSize: 12 }}>
                    {e.ruleId}
                  </Typography.Text>{' '}
                  {e.source}
                </Typography.Text>
                {Object.keys(e.facts).length || Object.keys(e.threshold).length ? (
                  <details style={{ fontSize: 12 }}>
                    <summary style={{ cursor: 'pointer' }}>
                      {t('household.facts')} / {t('household.threshold')}
                    </summary>
                    <Pairs title={t('household.facts')} data={e.facts} />
                    <Pairs title={t('household.threshold')} data={e.threshold} />
                  </details>
                ) : null}
              </div>
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}

/**
 * The explanation of the household's assessment today (GET /api/households/:id/assessment): whether it meets
 * the criteria for monitoring and why, and the elimination guards, each rule with its message, the facts it
 * read, the threshold and the policy version.
 */
export function AssessmentCard({ householdId }: { householdId: string }) {
  const { t, enumLabel } = useI18n();
  const query = useQuery({
    queryKey: ['households', 'assessment', householdId],
    queryFn: () => api.get<HouseholdAssessmentView>(`/api/households/${householdId}/assessment`),
  });
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.assessment')}</h2>}
      size="small"
      data-testid="assessment-card"
    >
      <QueryState query={query}>
        {(a) => (
          <>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                type={a.assessment.inScope ? 'warning' : 'success'}
                showIcon
                message={
                  a.assessment.inScope
                    ? `${t('household.inScope')}: ${enumLabel(MonitoringCategory, a.assessment.category)}`
                    : t('household.notInScope')
                }
              />
              {a.assessment.monitoringStatus === 'monitoring_unresolved' ? (
                <Alert
                  type={a.eliminationGuards.met ? 'success' : 'info'}
                  showIcon
                  message={a.eliminationGuards.met ? t('household.guardsMet') : t('household.guardsNotMet')}
                />
              ) : null}
              <Typography.Text type="secondary">
                {t('household.assessmentAsOf', { date: a.asOf, version: a.policy.versionLabel })}
              </Typography.Text>
            </Space>
            <Tabs
              size="small"
              items={[
                {
                  key: 'identification',
                  label: t('household.identificationRules'),
                  children: <Explanations items={a.assessment.explanations} concise />,
                },
                {
                  key: 'elimination',
                  label: t('household.eliminationRules'),
                  children: <Explanations items={a.eliminationGuards.explanations} concise={false} />,
                },
              ]}
            />
          </>
        )}
      </QueryState>
    </Card>
  );
}
