export { DECISION_COLUMNS, DECISIONS_TABLE, type DecisionRow, SchemaDriftError, STATE_TABLE } from './columns.js';
export { WarehouseExportConfig } from './config.js';
export { ExportBusyError, Exporter, type RunRecord } from './exporter.js';
export { warehouseExportPlugin as default, warehouseExportPlugin } from './plugin.js';
export type { Sink } from './sink.js';
export { createSink } from './sinks/index.js';
