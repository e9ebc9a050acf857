import { randomUUID } from 'node:crypto';
import { type InstalledPackage, ITEMS, loadEngine, NODE } from './engine.js';

/** Workflows built and run by n8n's WorkflowExecute, with one `keyBsApi` credential. */

export interface Credentials {
  apiKey: string;
  baseUrl: string;
}

/**
 * n8n's CredentialsHelper reduced to what a run needs: the decrypted data, and `authenticate` applying the
 * credential type's generic `authenticate` block by resolving its expressions against `$credentials`, as n8n does.
 */
function credentialsHelper(wf: any, pkg: InstalledPackage, credentials: Credentials) {
  return {
    getParentTypes: () => [],
    async authenticate(data: any, typeName: string, options: any, workflow: any, node: any) {
      const auth = pkg.credentialTypes[typeName]?.authenticate;
      if (typeof auth === 'function') return auth(data, options);
      options.headers ??= {};
      for (const [name, value] of Object.entries<string>(auth?.properties?.headers ?? {})) {
        options.headers[name] = workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', {
          $credentials: data,
        });
      }
      return options;
    },
    preAuthentication: async () => undefined,
    getCredentials: async () => {
      throw new wf.ApplicationError('not used');
    },
    getDecrypted: async () => ({ ...credentials }),
    updateCredentials: async () => {},
    updateCredentialsOauthTokenData: async () => {},
    getCredentialsProperties: (type: string) => pkg.credentialTypes[type]?.properties ?? [],
  };
}

export interface AdditionalDataOptions {
  executionId?: string;
  webhookBaseUrl?: string;
}

export function additionalData(pkg: InstalledPackage, credentials: Credentials, options: AdditionalDataOptions = {}) {
  const { wf } = loadEngine();
  return {
    credentialsHelper: credentialsHelper(wf, pkg, credentials),
    executeWorkflow: async () => {
      throw new wf.ApplicationError('sub-workflows are not used');
    },
    getRunExecutionData: async () => undefined,
    executionId: options.executionId ?? randomUUID(),
    currentNodeExecutionIndex: 0,
    restApiUrl: 'http://127.0.0.1:5678/rest',
    instanceBaseUrl: 'http://127.0.0.1:5678',
    formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
    webhookBaseUrl: options.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook',
    webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
    webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
    variables: {},
    logAiEvent: () => {},
    startRunnerTask: async () => {
      throw new wf.ApplicationError('task runners are not used');
    },
  };
}

export const CREDENTIAL_REF = { keyBsApi: { id: 'cred-1', name: 'KeyBS test key' } };

/** A KeyBS node fed by the test Items node. */
export function keyBsWorkflow(
  parameters: Record<string, unknown>,
  items: object[],
  extra: Record<string, unknown> = {},
) {
  return {
    nodes: [
      { id: 'n-items', name: 'Items', type: ITEMS, typeVersion: 1, position: [0, 0], parameters: { items } },
      {
        id: 'n-keybs',
        name: 'KeyBS',
        type: NODE,
        typeVersion: 1,
        position: [200, 0],
        parameters,
        credentials: CREDENTIAL_REF,
        ...extra,
      },
    ],
    connections: { Items: { main: [[{ node: 'KeyBS', type: 'main', index: 0 }]] } },
  };
}

export interface RunResult {
  /** Each output of the KeyBS node: its items' json (and binary). */
  outputs: Array<Array<{ json: any; binary?: any }>>;
  /** The error the run stopped on, if any. */
  error: any;
  run: any;
}

/** Runs the workflow from its Items node through n8n's WorkflowExecute. */
export async function runWorkflow(
  pkg: InstalledPackage,
  credentials: Credentials,
  definition: { nodes: any[]; connections: any },
  options: AdditionalDataOptions = {},
): Promise<RunResult> {
  const { core, wf } = loadEngine();
  const workflow = new wf.Workflow({
    id: 'wf-test',
    name: 'KeyBS test',
    nodes: definition.nodes,
    connections: definition.connections,
    active: false,
    nodeTypes: pkg.nodeTypes,
    staticData: {},
    settings: { executionOrder: 'v1' },
  });
  const data = additionalData(pkg, credentials, options);
  const hooks = new core.ExecutionLifecycleHooks('manual', data.executionId, { id: 'wf-test', ...definition });
  const execute = new core.WorkflowExecute({ ...data, hooks }, 'manual');
  const run = await execute.run({ workflow, startNode: workflow.getNode('Items') });
  const task = run.data.resultData.runData.KeyBS?.[0];
  return { outputs: task?.data?.main ?? [], error: run.data.resultData.error, run };
}
