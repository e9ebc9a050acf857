import type { AnyRoute } from './route.js';
import { advanceTestVerification } from './routes/advance-test-verification.js';
import { cancelVerification } from './routes/cancel-verification.js';
import { getCoverage, listCoverage } from './routes/coverage.js';
import { createVerification } from './routes/create-verification.js';
import { docsRoutes } from './routes/docs.js';
import { getDocument, getDocumentContent, listDocuments, uploadDocument } from './routes/documents.js';
import { getVerification } from './routes/get-verification.js';
import { healthz, metrics, readyz } from './routes/health.js';
import { listVerifications } from './routes/list-verifications.js';
import { listPlugins } from './routes/plugins.js';
import { getProfile } from './routes/profile.js';
import { getReport, listSigningKeys, wellKnownJwks } from './routes/reports.js';
import { claimReview, decideReview, listReviews, releaseReview } from './routes/reviews.js';
import { listSanctionsLists, searchSanctions } from './routes/sanctions.js';
import { listDeliveries, replayWebhook, retryDelivery, testWebhook } from './routes/webhook-deliveries.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from './routes/webhooks.js';

/** Every endpoint of the hub, in one list: registration, 405 detection and OpenAPI all read it. */
export const ROUTES: readonly AnyRoute[] = [
  healthz,
  readyz,
  metrics,
  createVerification,
  listVerifications,
  getVerification,
  cancelVerification,
  advanceTestVerification,
  getReport,
  listSigningKeys,
  wellKnownJwks,
  getProfile,
  uploadDocument,
  listDocuments,
  getDocument,
  getDocumentContent,
  listCoverage,
  getCoverage,
  listReviews,
  claimReview,
  releaseReview,
  decideReview,
  searchSanctions,
  listSanctionsLists,
  createWebhook,
  listWebhooks,
  getWebhook,
  updateWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  testWebhook,
  listDeliveries,
  retryDelivery,
  replayWebhook,
  listPlugins,
  ...docsRoutes(() => ROUTES),
];
