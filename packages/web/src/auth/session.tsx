import type { Action } from '@dixian/core';
import type {
  LoginAnswer,
  LoginBody,
  PasswordChangeBody,
  SecondFactorBody,
  SecondFactorDone,
  SessionView,
} from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isApiError, onUnauthenticated, setCsrfToken, type ApiError } from '../api/client';
import { dropAreaData, owner, wipe } from '../features/field/store/db';
import { useRestoredSession } from './restore-session';
import type { SessionState } from './session-state';

/**
 * The signed-in user, their CSRF token and abilities. `GET /api/auth/me` restores the session after a reload;
 * a 401 from any request (idle timeout) returns to the sign-in page with the server's reason. The abilities are
 * the server's answer (core `abilities(actor)`): the UI only hides what the server would refuse anyway.
 */
export type { SessionState };

export interface SessionApi {
  state: SessionState;
  /** the session when signed in */
  session: SessionView | null;
  /** signed in from the session saved on the phone, with no network (the field app only; issue 18) */
  offline: boolean;
  /** the password step: a session, or the second step to take (issue 21 §2) */
  login: (body: LoginBody) => Promise<LoginAnswer>;
  /** the second step; the session starts once `adopt` is called (after the recovery codes were shown) */
  secondFactor: (body: SecondFactorBody) => Promise<SecondFactorDone>;
  adopt: (session: SessionView) => void;
  logout: () => Promise<void>;
  changePassword: (body: PasswordChangeBody) => Promise<void>;
  /** may the user's role do this at all (the server still checks the area) */
  can: (action: Action) => boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const signIn = useCallback((session: SessionView) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed_in', session });
  }, []);
  const signOut = useCallback(
    (reason: ApiError | null) => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: 'anonymous', reason });
    },
    [queryClient],
  );

  /** A sign-in: another user's field data leaves the phone before this one's session starts. */
  const adoptSession = useCallback(
    async (s: SessionView) => {
      const o = await owner().catch(() => null);
      if (o && o.userId !== s.user.id) await wipe();
      signIn(s);
    },
    [signIn],
  );

  useRestoredSession(state, setState, signIn);

  // the server no longer takes the session: the area's data leaves the phone, the user's unsent records stay
  useEffect(
    () =>
      onUnauthenticated((e) => {
        void dropAreaData();
        signOut(e);
      }),
    [signOut],
  );

  const value = useMemo<SessionApi>(() => {
    const session = state.status === 'signed_in' ? state.session : null;
    const abilities = new Set(session?.abilities ?? []);
    return {
      state,
      session,
      offline: state.status === 'signed_in' && !!state.offline,
      can: (action) => abilities.has(action),
      login: async (body) => {
        queryClient.clear();
        const s = await api.post<LoginAnswer>('/api/auth/login', body);
        if ('csrfToken' in s) await adoptSession(s);
        return s;
      },
      secondFactor: (body) => api.post<SecondFactorDone>('/api/auth/second-factor', body),
      adopt: (s) => void adoptSession(s),
      logout: async () => {
        // what the field app kept on the phone goes first, even when the server cannot be reached
        await wipe();
        try {
          await api.post('/api/auth/logout');
        } catch (e) {
          if (!isApiError(e) || (e.status !== 401 && e.code !== 'network')) throw e;
        }
        signOut(null);
      },
      changePassword: async (body) => {
        await api.post('/api/auth/password', body);
        signIn(await api.get<SessionView>('/api/auth/me'));
      },
    };
  }, [state, queryClient, signOut, adoptSession]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in session; only for pages behind the sign-in guard. */
export function useSignedIn(): SessionView & { can: (action: Action) => boolean } {
  const { session, can } = useSession();
  if (!session) throw new Error('useSignedIn on a page outside the sign-in guard');
  return { ...session, can };
}
