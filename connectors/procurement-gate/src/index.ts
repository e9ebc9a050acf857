export { GateConfig } from './config.js';
export { checkGate, type GateAnswer } from './gate.js';
export { procurementGatePlugin as default, procurementGatePlugin } from './plugin.js';
