export * from './enums.js';
export * from './errors.js';
export * from './dates.js';
export * from './region.js';
export * from './id-number.js';
export * from './policy.js';
export * from './access.js';
export * from './masking.js';
