/**
 * @proofsheet/core — domain vocabulary, the error model, configuration, ids and the clock.
 * Pure: no I/O, no environment access (the caller passes `env` in).
 */
export * from './errors.js';
export * from './outcome.js';
export * from './clock.js';
export * from './ids.js';
export * from './domain.js';
export * from './redact.js';
export * from './paths.js';
export * from './config/index.js';
export * from './text-rules.js';
