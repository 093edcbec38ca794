/**
 * Stable error codes. The domain throws or returns codes; the HTTP layer maps each code to a status in exactly
 * one place, and the UI shows the bilingual message. Codes never change once published.
 */
export const ERROR_CODES = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  invalid_transition: 409,
  precondition_failed: 422,
  account_locked: 423,
  rate_limited: 429,
  payload_too_large: 413,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface ErrorIssue {
  /** where: a field path, or file/row/column for imports */
  path?: string;
  row?: number;
  column?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: LocalizedText,
    readonly issues: ErrorIssue[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(`${text.zh} / ${text.en}`);
    this.name = 'AppError';
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}
