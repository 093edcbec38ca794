import { AppError, type ErrorIssue, type LocalizedText } from '@dixian/core';

/** Optimistic concurrency lost: someone saved the record since the client read it. */
export function versionConflict(): AppError {
  return new AppError('version_conflict', {
    zh: '记录已被他人修改,请刷新后重试',
    en: 'the record was changed by someone else; reload and try again',
  });
}

/** Input that passed the schema but breaks a rule; each issue names the field. */
export function validationFailed(
  issues: ErrorIssue[],
  text: LocalizedText = { zh: '输入有误', en: 'invalid input' },
): AppError {
  return new AppError('validation_failed', text, issues);
}
