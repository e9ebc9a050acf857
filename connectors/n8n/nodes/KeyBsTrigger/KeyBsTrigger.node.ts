import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { keyBsRequest } from '../KeyBs/transport';
import type { WebhookEndpoint } from '../KeyBs/wire';
import { signatureProblem } from './signature';

/** What the trigger keeps between activation and deliveries (n8n's static data of this node). */
interface Registration extends IDataObject {
  webhookId?: string;
  webhookSecret?: string;
}

const endpointPath = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

function isNotFound(error: unknown): boolean {
  return error instanceof NodeApiError && error.httpCode === '404';
}

function forget(registration: Registration): void {
  delete registration.webhookId;
  delete registration.webhookSecret;
}

/** Deletes the hub endpoint; one that is already gone counts as deleted. */
async function removeEndpoint(ctx: IHookFunctions, id: string): Promise<void> {
  try {
    await keyBsRequest(ctx, { method: 'DELETE', path: endpointPath(id) });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export class KeyBsTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'KeyBS Trigger',
    name: 'keyBsTrigger',
    icon: 'file:keybs.svg',
    group: ['trigger'],
    version: 1,
    subtitle: '={{ $parameter.events.join(", ") }}',
    description: 'Starts the workflow when a KeyBS verification changes status or gets its decision',
    defaults: { name: 'KeyBS Trigger' },
    inputs: [],
    outputs: ['main'],
    credentials: [{ name: 'keyBsApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: ['decision_issued'],
        options: [
          {
            name: 'Decision Issued',
            value: 'decision_issued',
            description: 'A verification completed: the decision with trust score, confidence and recommendation',
          },
          {
            name: 'Status Changed',
            value: 'status_changed',
            description: 'A verification moved between in_progress, in_review, completed and cancelled',
          },
        ],
      },
    ],
  };

  /** The hub endpoint is this node's own: registered on activation, removed on deactivation. */
  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const registration = this.getWorkflowStaticData('node') as Registration;
        const id = registration.webhookId;
        if (id === undefined) return false;
        let endpoint: WebhookEndpoint | undefined;
        try {
          endpoint = await keyBsRequest<WebhookEndpoint>(this, { method: 'GET', path: endpointPath(id) });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
        const events = [...(this.getNodeParameter('events') as string[])].sort().join();
        const current =
          endpoint !== undefined &&
          endpoint.url === this.getNodeWebhookUrl('default') &&
          endpoint.status === 'enabled' &&
          [...endpoint.events].sort().join() === events &&
          registration.webhookSecret !== undefined;
        if (current) return true;
        // Ours but stale (another URL or events, or disabled by the hub): replace it.
        if (endpoint !== undefined) await removeEndpoint(this, id);
        forget(registration);
        return false;
      },

      async create(this: IHookFunctions): Promise<boolean> {
        const registration = this.getWorkflowStaticData('node') as Registration;
        const endpoint = await keyBsRequest<WebhookEndpoint>(this, {
          method: 'POST',
          path: '/v1/webhooks',
          body: {
            url: this.getNodeWebhookUrl('default') ?? '',
            events: this.getNodeParameter('events') as string[],
            description: `n8n: workflow ${this.getWorkflow().id ?? ''}, node "${this.getNode().name}"`,
          },
        });
        registration.webhookId = endpoint.id;
        registration.webhookSecret = endpoint.secret;
        return true;
      },

      async delete(this: IHookFunctions): Promise<boolean> {
        const registration = this.getWorkflowStaticData('node') as Registration;
        if (registration.webhookId !== undefined) await removeEndpoint(this, registration.webhookId);
        forget(registration);
        return true;
      },
    },
  };

  /** Verifies the signature on the raw body, refuses (401) anything else, emits the payload. */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
    const { webhookSecret } = this.getWorkflowStaticData('node') as Registration;
    const problem =
      webhookSecret === undefined
        ? 'not_registered'
        : req.rawBody === undefined
          ? 'missing_body'
          : signatureProblem({ rawBody: req.rawBody, headers: req.headers, secret: webhookSecret });
    if (problem !== undefined) {
      this.getResponseObject().status(401).json({ error: problem });
      return { noWebhookResponse: true };
    }
    const payload = this.getBodyData();
    const header = (name: string) => this.getHeaderData()[name] as string | undefined;
    const json: IDataObject = { ...payload, event: header('x-keybs-event'), delivery_id: header('x-keybs-delivery') };
    return { workflowData: [[{ json }]] };
  }
}
