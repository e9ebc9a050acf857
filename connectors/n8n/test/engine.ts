import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without types
import { copyAssets } from '../scripts/copy-assets.mjs';

/**
 * n8n's own workflow engine (n8n-core's WorkflowExecute, contexts and package loader, from `test-engine/`),
 * loading this package the way n8n loads an installed community package. The package is copied under the
 * engine's node_modules so its `require('n8n-workflow')` gets the engine's copy, as in a real n8n.
 */

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ENGINE_DIR = join(PACKAGE_DIR, 'test-engine');
export const PACKAGE = 'n8n-nodes-keybs';
export const NODE = `${PACKAGE}.keyBs`;
export const TRIGGER = `${PACKAGE}.keyBsTrigger`;
export const ITEMS = 'test.items';

const requireEngine = createRequire(join(ENGINE_DIR, 'package.json'));

export function loadEngine(): { core: any; wf: any } {
  if (!existsSync(join(ENGINE_DIR, 'node_modules', 'n8n-core'))) {
    throw new Error(
      'The n8n test engine is not installed: run `npm run install-test-engine -w n8n-nodes-keybs` at the repo root.',
    );
  }
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'nodes', 'KeyBs', 'KeyBs.node.js'))) {
    throw new Error('connectors/n8n is not built: run `npx tsc -b` at the repo root.');
  }
  return { core: requireEngine('n8n-core'), wf: requireEngine('n8n-workflow') };
}

/** A start node for tests: emits the items given in its `items` parameter. */
const itemsNode = {
  description: {
    displayName: 'Items',
    name: ITEMS,
    group: ['input'],
    version: 1,
    description: 'Test input',
    defaults: { name: 'Items' },
    inputs: [],
    outputs: ['main'],
    properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
  },
  async execute(this: any) {
    const items = this.getNodeParameter('items', 0);
    return [(typeof items === 'string' ? JSON.parse(items) : items).map((json: object) => ({ json }))];
  },
};

export interface InstalledPackage {
  loader: any;
  nodeTypes: any;
  credentialTypes: Record<string, any>;
  remove(): void;
}

/** Copies package.json and dist/ (with icons and codex) under the engine and loads it with n8n's loader. */
export async function installPackage(): Promise<InstalledPackage> {
  const { core, wf } = loadEngine();
  const scratch = mkdtempSync(join(ENGINE_DIR, 'node_modules', '.keybs-'));
  const dir = join(scratch, PACKAGE);
  cpSync(join(PACKAGE_DIR, 'package.json'), join(dir, 'package.json'));
  cpSync(join(PACKAGE_DIR, 'dist'), join(dir, 'dist'), { recursive: true });
  copyAssets(join(dir, 'dist'));
  const loader = new core.PackageDirectoryLoader(dir);
  await loader.loadAll();
  const types: Record<string, any> = { [ITEMS]: itemsNode };
  for (const [name, data] of Object.entries<any>(loader.nodeTypes)) types[`${PACKAGE}.${name}`] = data.type;
  const credentialTypes: Record<string, any> = {};
  for (const [name, data] of Object.entries<any>(loader.credentialTypes)) credentialTypes[name] = data.type;
  const nodeTypes = {
    getByName: (name: string) => types[name],
    getByNameAndVersion: (name: string, version?: number) => wf.NodeHelpers.getVersionedNodeType(types[name], version),
    getKnownTypes: () => ({}),
  };
  return { loader, nodeTypes, credentialTypes, remove: () => rmSync(scratch, { recursive: true, force: true }) };
}
