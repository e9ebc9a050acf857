/**
 * The hub's wire shapes, taken as types from the contract's zod schemas (erased at build time: a community
 * node package ships with no runtime dependencies but n8n-workflow). The contract is ESM and this package
 * CommonJS, hence the `resolution-mode` of the type imports.
 */
export type CoverageList = import('@keybs/contract', { with: { 'resolution-mode': 'import' }}).CoverageList;
export type ErrorBody = import('@keybs/contract', { with: { 'resolution-mode': 'import' }}).ErrorBody;
export type Verification = import('@keybs/contract', { with: { 'resolution-mode': 'import' }}).Verification;
export type WebhookEndpoint = import('@keybs/contract', { with: { 'resolution-mode': 'import' }}).WebhookEndpoint;
export type List<T> = import('@keybs/contract', { with: { 'resolution-mode': 'import' }}).List<T>;

/** The default base URL of a hub started with `npm start`. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/** The credential type's name, as nodes refer to it. */
export const CREDENTIAL_TYPE = 'keyBsApi';

export interface KeyBsCredentials {
  apiKey: string;
  baseUrl: string;
}
