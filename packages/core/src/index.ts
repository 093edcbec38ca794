export * from './enums.js';
export * from './region.js';
export * from './id-number.js';
export * from './policy.js';
