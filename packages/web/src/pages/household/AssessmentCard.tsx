import { citeSource, MonitoringCategory, policyVersionText, type LocalizedText } from '@dixian/core';
import * as enums from '@dixian/core/enums';
import type { ExplanationView, HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Flex, List, Space, Switch, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { createContext, useContext, useState } from 'react';
import { api } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useI18n, type I18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ANY_CODE, FACT_LABELS, FACT_PHRASES, type FactLabel } from '../../i18n/fact-labels';
import { money, percent, today } from '../../lib/format';
import { FactChanges } from './FactChanges';

const OUTCOME: Record<ExplanationView['outcome'], { color: string; key: MessageKey }> = {
  yes: { color: 'green', key: 'explain.yes' },
  no: { color: 'default', key: 'explain.no' },
  disabled: { color: 'default', key: 'explain.disabled' },
  unknown: { color: 'orange', key: 'explain.unknown' },
};

/** The rules of the assessment by id: a fact naming rules (grounds, exclusions) shows what they concluded. */
const RuleMessages = createContext<ReadonlyMap<string, LocalizedText>>(new Map());

/** The UI language plus the rule messages, for the value formatters below. */
type Ctx = I18n & { rules: ReadonlyMap<string, LocalizedText> };

/**
 * A code in words: from the fact's own vocabulary, else any of core's, else a fact name (asset kinds), else a
 * rule of this assessment by its message.
 */
function codeText(v: string, of: FactLabel['of'], i18n: Ctx): string {
  const label = of?.labels[v] ?? FACT_LABELS[v]?.label ?? FACT_PHRASES[v] ?? ANY_CODE.get(v) ?? i18n.rules.get(v);
  return label ? i18n.L(label) : v;
}

/** A member as the rules cite it (no names in explanations): relation and age, e.g. "配偶(51 岁)". */
function memberText(m: Record<string, unknown>, i18n: Ctx): string | null {
  if (typeof m.relation !== 'string') return null;
  const rel = codeText(m.relation, enums.Relation, i18n);
  const rest = Object.entries(m).filter(([k]) => k !== 'relation' && k !== 'index' && k !== 'age');
  const age = typeof m.age === 'number' ? i18n.t('household.ageYears', { n: m.age }) : null;
  const more = rest.map(([k, v]) => pair(k, v, i18n)).join(i18n.t('common.listSep'));
  return `${rel}${age ? `(${age})` : ''}${more ? ` ${more}` : ''}`;
}

/**
 * A fact or threshold value for people: amounts in 元, shares as %, booleans 是/否, codes by their labels,
 * members by relation and age, records as labelled pairs.
 */
function show(key: string, value: unknown, i18n: Ctx): string {
  const fl = FACT_LABELS[key];
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') {
    if (fl?.unit === 'fen' || /Fen$/.test(key)) return money(value, i18n.lang);
    if (fl?.unit === 'share') return percent(value);
    if (fl?.unit === 'months') return i18n.t('household.months', { n: value });
    if (fl?.unit === 'age' || fl?.unit === 'ages') return i18n.t('household.ageYears', { n: value });
    return String(value);
  }
  if (typeof value === 'string') return codeText(value, fl?.of, i18n);
  if (Array.isArray(value)) {
    if (!value.length) return i18n.t('common.none');
    return value.map((v) => show(key, v, i18n)).join(i18n.t('common.listSep'));
  }
  const o = value as Record<string, unknown>;
  return (
    memberText(o, i18n) ??
    Object.entries(o)
      .map(([k, v]) => pair(k, v, i18n))
      .join(i18n.lang === 'zh' ? '，' : ', ')
  );
}

function pair(key: string, value: unknown, i18n: Ctx): string {
  const fl = FACT_LABELS[key];
  return `${fl ? i18n.L(fl.label) : key}${i18n.t('common.colon')}${show(key, value, i18n)}`;
}

function Pairs({ title, data }: { title: string; data: Record<string, unknown> }) {
  const i18n: Ctx = { ...useI18n(), rules: useContext(RuleMessages) };
  const entries = Object.entries(data);
  if (!entries.length) return null;
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}
        {i18n.t('common.colon')}
      </Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {entries.map(([k, v]) => (
          <li key={k} style={{ wordBreak: 'break-word' }}>
            {pair(k, v, i18n)}
          </li>
        ))}
      </ul>
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
                {/* the seed paragraph in words; the rule id is for developers (API, screening exports) */}
                {e.source ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('household.source')}
                    {t('common.colon')}
                    {L(citeSource(e.source))}
                  </Typography.Text>
                ) : null}
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
 * The explanation of the household's assessment on a day, today unless another is chosen (GET
 * /api/households/:id/assessment?date=): whether it met the criteria for monitoring and why, and the elimination
 * guards, each rule with its message, the facts it read (as they were that day), the threshold and the policy
 * version in force; for a past day, what changed in the facts since (issue 20 §2).
 */
export function AssessmentCard({ householdId }: { householdId: string }) {
  const { t, L, enumLabel } = useI18n();
  const [date, setDate] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['households', 'assessment', householdId, date],
    queryFn: () =>
      api.get<HouseholdAssessmentView>(`/api/households/${householdId}/assessment${date ? `?date=${date}` : ''}`),
  });
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('household.assessment')}</h2>}
      size="small"
      data-testid="assessment-card"
      extra={
        <DatePicker
          size="small"
          inputReadOnly
          aria-label={t('history.assessOn')}
          placeholder={t('history.assessOn')}
          value={date ? dayjs(date) : null}
          disabledDate={(d) => d.isAfter(dayjs(today()), 'day')}
          onChange={(d) => setDate(d && d.format('YYYY-MM-DD') !== today() ? d.format('YYYY-MM-DD') : null)}
        />
      }
    >
      <QueryState query={query}>
        {(a) => (
          <RuleMessages.Provider
            value={
              new Map(
                [...a.assessment.explanations, ...a.eliminationGuards.explanations].map((e) => [e.ruleId, e.message]),
              )
            }
          >
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
                {t('household.assessmentAsOf', { date: a.asOf, version: L(policyVersionText(a.policy.versionLabel)) })}
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
            {date ? <FactChanges householdId={householdId} since={date} /> : null}
          </RuleMessages.Provider>
        )}
      </QueryState>
    </Card>
  );
}
