export * from './template.js';
export * from './rows.js';
