export type {
  Beneficiary,
  BeneficiaryResult,
  Check,
  CheckStatus,
  CheckType,
  CoverageList,
  CoverageRow,
  CreateWebhookRequest,
  DecideReviewRequest,
  Decision,
  Document,
  DocumentList,
  DocumentMediaType,
  DocumentType,
  Dossier,
  ErrorCode,
  ErrorType,
  EventType,
  JsonWebKeySet,
  List,
  OrderVerificationRequest,
  Package,
  Recommendation,
  RegistryStatus,
  Report,
  ReportCheck,
  Review,
  RiskBand,
  SanctionsHit,
  SanctionsStatus,
  StatusChanged,
  TrustProfile,
  UpdateWebhookRequest,
  Verification,
  VerificationStatus,
  VerifyWebhookInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSubscription,
  WebhookVerificationFailure,
} from '@keybs/contract';
export {
  SIGNATURE_TOLERANCE_SECONDS,
  verifyReport,
  verifyWebhook,
  WebhookVerificationError,
} from '@keybs/contract';
export type { KeyBsOptions } from './client.js';
export { DEFAULT_BASE_URL, KeyBs } from './client.js';
export type { KeyBsApiErrorFields } from './errors.js';
export { KeyBsApiError, KeyBsConnectionError, KeyBsError, KeyBsInvalidResponseError } from './errors.js';
export type { ListReviewsParams, ReviewList } from './resources/reviews.js';
export type {
  SanctionsEdition,
  SanctionsEditionList,
  SanctionsSearchParams,
  SanctionsSearchResult,
} from './resources/sanctions.js';
export type { ListVerificationsParams, PostOptions } from './resources/verifications.js';
export type {
  DeletedObject,
  DeliveryAttempt,
  ListDeliveriesParams,
  ListWebhooksParams,
  ReplayResult,
} from './resources/webhooks.js';
export { SDK_VERSION } from './transport.js';
