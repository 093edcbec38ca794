import type { CaseDetail, LeadView, PlanView } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from './client';

/**
 * Queries of the case-work pages. A step changes a case, its household, the lists and the figures at once, so
 * `useRefreshAfterWrite` invalidates all of them together.
 */

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'detail', id],
    queryFn: () => api.get<CaseDetail>(`/api/cases/${id}`),
    enabled: !!id,
  });
}

export function usePlan(id: string | null | undefined) {
  return useQuery({
    queryKey: ['plans', id],
    queryFn: () => api.get<PlanView>(`/api/plans/${id}`),
    enabled: !!id,
  });
}

export function useLead(id: string | null | undefined) {
  return useQuery({
    queryKey: ['leads', 'detail', id],
    queryFn: () => api.get<LeadView>(`/api/leads/${id}`),
    enabled: !!id,
  });
}

/** Everything a case step, a lead or a visit can change. */
const WRITE_KEYS = [
  'cases',
  'households',
  'leads',
  'plans',
  'deadlines',
  'stats',
  'visits',
  'warnings',
  'notices',
  'assistance',
  'integrity',
  'dataQuality',
];

export function useRefreshAfterWrite() {
  const client = useQueryClient();
  return useCallback(() => Promise.all(WRITE_KEYS.map((k) => client.invalidateQueries({ queryKey: [k] }))), [client]);
}
