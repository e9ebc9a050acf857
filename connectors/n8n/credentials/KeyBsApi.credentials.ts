import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A KeyBS Hub API key and the hub's address. The node tests it with `GET /v1/verifications?limit=1`
 * (the `keyBsApiTest` method of the KeyBS node), so an invalid key fails with the hub's own message.
 */
export class KeyBsApi implements ICredentialType {
  name = 'keyBsApi';
  displayName = 'KeyBS API';
  icon = 'file:keybs.svg' as const;
  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      placeholder: 'sk_test_…',
      description: 'A test-mode (sk_test_…) or live-mode (sk_live_…) key, from `npx keybs keys create` or the console',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'http://127.0.0.1:8080',
      required: true,
      description: 'Where the hub listens, without /v1',
    },
  ];
  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };
}
