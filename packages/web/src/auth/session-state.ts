import type { SessionView } from '@dixian/core/api';
import type { ApiError } from '../api/client';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: ApiError | null }
  | { status: 'signed_in'; session: SessionView; offline?: boolean };
