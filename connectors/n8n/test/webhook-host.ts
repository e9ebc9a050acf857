import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type InstalledPackage, loadEngine, TRIGGER } from './engine.js';
import { additionalData, CREDENTIAL_REF, type Credentials } from './run.js';

/**
 * What n8n's webhook server does for one active workflow with the KeyBS Trigger: on activation it runs the
 * node's webhook methods in n8n-core's HookContext; for each request to the node's URL it hands the raw body
 * (as n8n does, `req.rawBody`) to the node's `webhook()` in a WebhookContext, and answers like n8n.
 */

export interface WebhookHost {
  url: string;
  workflow: any;
  /** The static data the trigger keeps (`webhookId`, `webhookSecret`). */
  registration(): Record<string, unknown>;
  checkExists(): Promise<boolean>;
  create(): Promise<boolean>;
  delete(): Promise<boolean>;
  /** Items the trigger emitted, one list per accepted request. */
  emitted: Array<Array<{ json: any }>>;
  close(): Promise<void>;
}

export async function startWebhookHost(
  pkg: InstalledPackage,
  credentials: Credentials,
  events: string[],
): Promise<WebhookHost> {
  const { core } = loadEngine();
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;

  const node = {
    id: 'n-trigger',
    name: 'KeyBS Trigger',
    type: TRIGGER,
    typeVersion: 1,
    position: [0, 0],
    webhookId: randomUUID(),
    parameters: { events },
    credentials: CREDENTIAL_REF,
  };
  const { wf } = loadEngine();
  const workflow = new wf.Workflow({
    id: 'wf-trigger',
    name: 'KeyBS trigger test',
    nodes: [node],
    connections: {},
    active: true,
    nodeTypes: pkg.nodeTypes,
    staticData: {},
    settings: { executionOrder: 'v1' },
  });
  const workflowNode = workflow.getNode(node.name);
  const nodeType = pkg.nodeTypes.getByNameAndVersion(TRIGGER, 1);
  const data = additionalData(pkg, credentials, { webhookBaseUrl: base });
  const webhookData = {
    httpMethod: 'POST',
    node: node.name,
    path: 'webhook',
    webhookDescription: nodeType.description.webhooks[0],
    workflowId: workflow.id,
    workflowExecuteAdditionalData: data,
    webhookId: node.webhookId,
  };
  const hook = (name: 'checkExists' | 'create' | 'delete') => () =>
    nodeType.webhookMethods.default[name].call(
      new core.HookContext(workflow, workflowNode, data, 'trigger', 'activate', webhookData),
    );

  const emitted: Array<Array<{ json: any }>> = [];
  app.post(`/webhook/${node.webhookId}/webhook`, express.raw({ type: () => true }), async (req: any, res) => {
    req.rawBody = req.body;
    req.body = req.rawBody.length > 0 ? JSON.parse(req.rawBody.toString('utf8')) : {};
    const context = new core.WebhookContext(
      workflow,
      workflowNode,
      { ...data, httpRequest: req, httpResponse: res },
      'trigger',
      webhookData,
      [],
      null,
    );
    const result = await nodeType.webhook.call(context);
    if (result.noWebhookResponse) return;
    if (result.workflowData) emitted.push(result.workflowData[0]);
    res.status(200).json({ message: 'Workflow was started' });
  });

  return {
    url: `${base}/${node.webhookId}/webhook`,
    workflow,
    registration: () => workflow.getStaticData('node', workflowNode),
    checkExists: hook('checkExists'),
    create: hook('create'),
    delete: hook('delete'),
    emitted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
