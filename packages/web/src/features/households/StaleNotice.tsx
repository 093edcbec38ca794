import type { HouseholdDetail, TimelineEntry } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { auditActionLabel } from '../../i18n/labels';
import { when } from '../../lib/format';
import { fieldLabel } from './field-labels';

const seqOf = (e: TimelineEntry) => (e.kind === 'audit' && e.refId ? Number(e.refId) : 0);

/**
 * A stale save (409): someone saved the household since this form read it. Fetches the household again and
 * lists the audited changes made since, with who made them, so the user sees what to re-check before saving.
 */
export function useStaleCheck(detail: HouseholdDetail) {
  const client = useQueryClient();
  const baseSeq = useMemo(() => Math.max(0, ...detail.timeline.map(seqOf)), [detail]);
  const [since, setSince] = useState<TimelineEntry[] | null>(null);

  /** Call from a submit's catch; returns true when the error was a version conflict (now shown). */
  const onError = useCallback(
    async (e: unknown): Promise<boolean> => {
      if (!isApiError(e) || e.code !== 'version_conflict') return false;
      const fresh = await api.get<HouseholdDetail>(`/api/households/${detail.household.id}`);
      client.setQueryData(['households', 'detail', detail.household.id], fresh);
      setSince(fresh.timeline.filter((x) => seqOf(x) > baseSeq));
      return true;
    },
    [client, detail.household.id, baseSeq],
  );
  /** Run a versioned write; false when it was stale (the notice then shows), any other failure thrown on. */
  const save = useCallback(
    async (write: () => Promise<unknown>): Promise<boolean> => {
      try {
        await write();
        return true;
      } catch (e) {
        if (await onError(e)) return false;
        throw e;
      }
    },
    [onError],
  );
  return { since, onError, save, reset: () => setSince(null) };
}

export function StaleNotice({ since }: { since: TimelineEntry[] | null }) {
  const { t, L, lang } = useI18n();
  if (!since) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="stale-notice"
      style={{ marginBottom: 12 }}
      message={t('stale.title')}
      description={
        since.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {since.map((e) => {
              const changed = Array.isArray(e.detail.changed) ? (e.detail.changed as string[]) : [];
              return (
                <li key={`${e.kind}-${e.refId}`}>
                  {when(e.at)} {e.actor ?? ''} {L(auditActionLabel(e.action))}
                  {changed.length
                    ? `${t('common.colon')}${changed.map((f) => L(fieldLabel(f))).join(t('common.listSep'))}`
                    : ''}
                </li>
              );
            })}
          </ul>
        ) : (
          t('stale.reload')
        )
      }
      key={lang}
    />
  );
}
