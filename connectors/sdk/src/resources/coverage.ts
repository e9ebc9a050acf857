import { CoverageList, CoverageRow } from '@keybs/contract';
import type { Transport } from '../transport.js';

/** The jurisdictions the hub covers, with tier and turnaround. */
export class Coverage {
  constructor(private readonly transport: Transport) {}

  list(): Promise<CoverageList> {
    return this.transport.request({
      method: 'GET',
      path: '/v1/coverage',
      schema: CoverageList,
      schemaName: 'CoverageList',
    });
  }

  /** One jurisdiction by its ISO 3166-1 alpha-2 code. */
  retrieve(countryCode: string): Promise<CoverageRow> {
    return this.transport.request({
      method: 'GET',
      path: `/v1/coverage/${encodeURIComponent(countryCode)}`,
      schema: CoverageRow,
      schemaName: 'CoverageRow',
    });
  }
}
