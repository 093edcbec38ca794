import type { SessionView } from '@dixian/core/api';
import { useEffect } from 'react';
import { api, isApiError, setCsrfToken } from '../api/client';
import { savedSession } from '../features/field/store/db';
import type { SessionState } from './session-state';

/**
 * `GET /api/auth/me` restores the session after a reload. With no network, the field app opens from the session
 * saved on the phone at the last sign-in (issue 18); when the network returns, the server says whether that
 * session still stands (a 401 signs out through the client's listener).
 */
export function useRestoredSession(
  state: SessionState,
  setState: (s: SessionState) => void,
  signIn: (s: SessionView) => void,
): void {
  useEffect(() => {
    let live = true;
    api
      .get<SessionView>('/api/auth/me')
      .then((s) => live && signIn(s))
      .catch(async (e: unknown) => {
        const saved = isApiError(e) && e.code === 'network' ? await savedSession().catch(() => null) : null;
        if (!live) return;
        if (!saved) return setState({ status: 'anonymous', reason: null });
        setCsrfToken(saved.csrfToken);
        setState({ status: 'signed_in', session: saved, offline: true });
      });
    return () => {
      live = false;
    };
  }, [signIn, setState]);

  const openedOffline = state.status === 'signed_in' && !!state.offline;
  useEffect(() => {
    if (!openedOffline) return;
    const check = () => void api.get<SessionView>('/api/auth/me').then(signIn, () => undefined);
    window.addEventListener('online', check);
    return () => window.removeEventListener('online', check);
  }, [openedOffline, signIn]);
}
