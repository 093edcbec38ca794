import * as enums from '@dixian/core/enums';
import type { FactChangeView, FactChangesView } from '@dixian/core/api/assessment';
import { useQuery } from '@tanstack/react-query';
import { Alert, List, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useI18n, type I18n } from '../../i18n/i18n';
import { ANY_CODE, FACT_LABELS } from '../../i18n/fact-labels';
import { money } from '../../lib/format';

/** A value as people read it: 是/否, amounts in 元, codes by their labels, lists joined, nothing as "—". */
function valueText(field: string, v: unknown, i18n: I18n): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return i18n.t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'number') return /Fen$/.test(field) ? money(v, i18n.lang) : String(v);
  if (Array.isArray(v))
    return v.length ? v.map((x) => valueText(field, x, i18n)).join(i18n.t('common.listSep')) : i18n.t('common.none');
  if (typeof v === 'string') {
    const label = FACT_LABELS[field]?.of?.labels[v] ?? ANY_CODE.get(v);
    return label ? i18n.L(label) : v;
  }
  return '—';
}

function subjectText(c: FactChangeView, i18n: I18n): string {
  if (c.table === 'household') return i18n.t('history.household');
  if (c.table === 'member') return i18n.t('history.member', { name: c.subject.name ?? '' });
  if (c.table === 'separate_relative') return i18n.t('history.relative', { name: c.subject.name ?? '' });
  const kind = c.subject.kind ? i18n.enumLabel(enums.IncomeRecordKind, c.subject.kind as never) : '';
  return i18n.t('history.income', { year: c.subject.year ?? '', kind });
}

function changeText(c: FactChangeView, i18n: I18n): string {
  if (c.change !== 'changed' || !c.field) return i18n.t(c.change === 'added' ? 'history.added' : 'history.removed');
  const label = FACT_LABELS[c.field] ? i18n.L(FACT_LABELS[c.field]!.label) : c.field;
  if (c.masked) return `${label}${i18n.t('common.colon')}${i18n.t('history.masked')}`;
  return `${label}${i18n.t('common.colon')}${valueText(c.field, c.before, i18n)} → ${valueText(c.field, c.after, i18n)}`;
}

/**
 * What changed in the facts rules read after a day (GET /api/households/:id/fact-changes): why the assessment of
 * that day differs from today's. Newest first, each with the day it took effect.
 */
export function FactChanges({ householdId, since }: { householdId: string; since: string }) {
  const i18n = useI18n();
  const query = useQuery({
    queryKey: ['households', 'fact-changes', householdId, since],
    queryFn: () =>
      api.get<FactChangesView>(`/api/households/${householdId}/fact-changes?since=${encodeURIComponent(since)}`),
  });
  return (
    <div data-testid="fact-changes">
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
        {i18n.t('history.changesSince', { date: since })}
      </Typography.Title>
      <QueryState query={query}>
        {(v) =>
          v.items.length ? (
            <>
              {v.truncated ? <Alert type="info" showIcon message={i18n.t('history.truncated')} /> : null}
              <List
                size="small"
                dataSource={v.items}
                renderItem={(c) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <span>
                      <Tag>{i18n.t('history.effectiveOn', { date: c.effectiveOn })}</Tag>
                      {subjectText(c, i18n)} {changeText(c, i18n)}
                    </span>
                  </List.Item>
                )}
              />
            </>
          ) : (
            <Typography.Text type="secondary">{i18n.t('history.noChanges')}</Typography.Text>
          )
        }
      </QueryState>
    </div>
  );
}
