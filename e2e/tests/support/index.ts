/** Shared helpers of the browser tests: log in per demo role, screenshots for review, axe checks. */
export * from './users.js';
export * from './auth.js';
export * from './screenshot.js';
export * from './axe.js';
export { test, expect } from './test.js';
export * from './forms.js';
export * from './totp.js';
