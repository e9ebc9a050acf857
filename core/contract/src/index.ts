export * from './common.js';
export * from './coverage.js';
export * from './errors.js';
export * from './reviews.js';
export * from './sanctions.js';
export * from './verifications.js';
export * from './webhook-signature.js';
export * from './webhooks.js';
