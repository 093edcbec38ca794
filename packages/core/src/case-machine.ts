/**
 * The case state machine (issue 3 §4): a monitored household's identification, monitoring and risk elimination
 * with their statutory deadlines, as pure functions. The procedure, roles, requirements and deadlines are
 * documented with their seed paragraphs in docs/case-procedure.md; the code lives in ./case/.
 */
export * from './case/types.js';
export * from './case/actions.js';
export * from './case/rules.js';
export * from './case/deadlines.js';
export { transition, allowedActions, actionAvailability, refusalToAppError } from './case/transition.js';
export type { ActionOptions, ActionAvailability } from './case/transition.js';
