import type {
  HouseholdDetail,
  HouseholdPage,
  HouseholdSearchQuery,
  PolicyHistory,
  PolicyResolvedView,
  RegionTree,
} from '@dixian/core/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from './client';

/**
 * Query hooks for the resources more than one page reads. Keys start with the resource path, so
 * `queryClient.invalidateQueries({ queryKey: ['households'] })` refreshes every household list and page after
 * a write. Page-specific queries may live with their page.
 */

/** The caller's area as a flat list with its ancestors (GET /api/regions/tree); cached for the session. */
export function useRegionTree() {
  return useQuery({
    queryKey: ['regions', 'tree'],
    queryFn: () => api.get<RegionTree>('/api/regions/tree'),
    staleTime: Infinity,
  });
}

export function useHouseholds(query: Partial<HouseholdSearchQuery>) {
  return useQuery({
    queryKey: ['households', 'list', query],
    queryFn: () => api.get<HouseholdPage>('/api/households', query as Query),
    placeholderData: keepPreviousData,
  });
}

export function useHousehold(id: string | undefined) {
  return useQuery({
    queryKey: ['households', 'detail', id],
    queryFn: () => api.get<HouseholdDetail>(`/api/households/${id}`),
    enabled: !!id,
  });
}

/** The policy in force for a region on a date (today when absent). */
export function useResolvedPolicy(region: string | undefined, date?: string) {
  return useQuery({
    queryKey: ['policies', 'resolved', region, date ?? null],
    queryFn: () => api.get<PolicyResolvedView>('/api/policies/resolved', { region, date }),
    enabled: !!region,
    staleTime: 5 * 60_000,
  });
}

export function usePolicyHistory(region: string | undefined) {
  return useQuery({
    queryKey: ['policies', 'history', region ?? null],
    queryFn: () => api.get<PolicyHistory>('/api/policies', { region }),
  });
}
