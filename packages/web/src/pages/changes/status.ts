import type { ChangeRequestStatus } from '@dixian/core';

/** The tag colour of a request's status, the same on the list and the request's page. */
export const STATUS_COLORS: Record<ChangeRequestStatus, string> = {
  pending: 'orange',
  approved: 'green',
  refused: 'red',
  withdrawn: 'default',
};
