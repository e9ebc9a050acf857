export type {
  Beneficiary,
  BeneficiaryResult,
  Check,
  CheckStatus,
  CheckType,
  CoverageList,
  CoverageRow,
  Decision,
  ErrorCode,
  ErrorType,
  EventType,
  List,
  OrderVerificationRequest,
  Package,
  Recommendation,
  RegistryStatus,
  RiskBand,
  SanctionsStatus,
  StatusChanged,
  Verification,
  VerificationStatus,
  VerifyWebhookInput,
  WebhookVerificationFailure,
} from '@keybs/contract';
export { SIGNATURE_TOLERANCE_SECONDS, verifyWebhook, WebhookVerificationError } from '@keybs/contract';
export type { KeyBsOptions } from './client.js';
export { DEFAULT_BASE_URL, KeyBs } from './client.js';
export type { KeyBsApiErrorFields } from './errors.js';
export { KeyBsApiError, KeyBsConnectionError, KeyBsError, KeyBsInvalidResponseError } from './errors.js';
export type { ListVerificationsParams, PostOptions } from './resources/verifications.js';
export { SDK_VERSION } from './transport.js';
