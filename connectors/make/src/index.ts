export { appFiles } from './app-files.js';
export { base, connection, modules, rpcs, webhook } from './components.js';
export type { MakeBase, MakeField, MakeRequest } from './make-types.js';
