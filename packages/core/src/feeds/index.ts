export * from './values.js';
export * from './fields.js';
export * from './header.js';
export * from './normalise.js';
export * from './signals.js';
export * from './fit.js';
