/** The HTTP API's contracts, one module per resource. */
export * from './api/common.js';
export * from './api/auth.js';
export * from './api/users.js';
export * from './api/regions.js';
export * from './api/households.js';
export * from './api/policies.js';
export * from './api/audit.js';
export * from './api/stats.js';
export * from './api/deadlines.js';
export * from './api/warning-list.js';
export * from './api/leads.js';
export * from './api/cases.js';
export * from './api/plans.js';
export * from './api/visits.js';
