// The plugin interface, for plugin packages: `import { definePlugin } from '@keybs/core/plugins'`.
export type {
  Decision,
  OrderVerificationRequest,
  StatusChanged,
  Verification,
} from '@keybs/contract';
export { ApiError } from '../domain/errors.js';
export * from './definition.js';
