import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import * as coverage from './coverage';
import * as verification from './verification';
import { ROUTE_OUTPUTS } from './verification/route.operation';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation | undefined> | undefined> = {
  verification: {
    order: verification.order.execute,
    get: verification.get.execute,
    getReport: verification.getReport.execute,
    list: verification.list.execute,
  },
  coverage: { list: coverage.list.execute },
};

/** What a failed item carries on with under "Continue On Fail": the message and the hub's error code. */
function errorItem(error: Error, itemIndex: number): INodeExecutionData {
  const json: IDataObject = { error: error.message };
  const context = (error as Partial<NodeApiError>).context ?? {};
  for (const key of ['code', 'type', 'request_id'] as const) if (context[key] !== undefined) json[key] = context[key];
  const httpCode = (error as Partial<NodeApiError>).httpCode;
  if (httpCode) json.status = Number(httpCode);
  return { json, pairedItem: { item: itemIndex } };
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** Runs the chosen operation once per input item; one item's failure stops the node unless Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const resource = this.getNodeParameter('resource', 0) as string;
  const operation = this.getNodeParameter('operation', 0) as string;
  if (resource === 'verification' && operation === 'route') return routeItems(this, items);
  const run = operations[resource]?.[operation];
  if (run === undefined) {
    throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
  }
  const out: INodeExecutionData[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      const results = await run.call(this, i);
      for (const result of results) out.push({ ...result, pairedItem: { item: i } });
    } catch (error) {
      const nodeError = asNodeError(this, error, i);
      if (!this.continueOnFail()) throw nodeError;
      out.push(errorItem(nodeError, i));
    }
  }
  return [out];
}

/** Each item to the output its tier and confidence choose (failed items to the first under Continue On Fail). */
function routeItems(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
  const outputs: INodeExecutionData[][] = ROUTE_OUTPUTS.map(() => []);
  items.forEach((item, i) => {
    try {
      outputs[verification.route.execute.call(ctx, i, item.json)]?.push({ ...item, pairedItem: { item: i } });
    } catch (error) {
      const nodeError = asNodeError(ctx, error, i);
      if (!ctx.continueOnFail()) throw nodeError;
      outputs[0]?.push(errorItem(nodeError, i));
    }
  });
  return outputs;
}
