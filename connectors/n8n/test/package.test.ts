import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type InstalledPackage, installPackage, loadEngine, NODE, PACKAGE_DIR } from './engine.js';

// What n8n sees when it loads the package: the `n8n` section, node and credential types, icons, codex.

let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installPackage();
});
afterAll(() => pkg?.remove());

it('lists built files under "n8n" that exist after the build', () => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  expect(manifest.name).toBe('n8n-nodes-keybs');
  expect(manifest.keywords).toContain('n8n-community-node-package');
  expect(manifest.n8n).toEqual({
    n8nNodesApiVersion: 1,
    credentials: ['dist/credentials/KeyBsApi.credentials.js'],
    nodes: ['dist/nodes/KeyBs/KeyBs.node.js', 'dist/nodes/KeyBsTrigger/KeyBsTrigger.node.js'],
  });
  for (const file of [...manifest.n8n.credentials, ...manifest.n8n.nodes])
    expect(existsSync(join(PACKAGE_DIR, file))).toBe(true);
  expect(manifest.dependencies).toBeUndefined();
});

it("loads through n8n's package loader with icons and codex", () => {
  const nodes = Object.fromEntries(pkg.loader.types.nodes.map((d: any) => [d.name, d]));
  expect(Object.keys(nodes).sort()).toEqual(['keyBs', 'keyBsTrigger']);
  for (const description of Object.values<any>(nodes)) {
    expect(description.iconUrl).toMatch(/^icons\/n8n-nodes-keybs\/dist\/nodes\/KeyBs(Trigger)?\/keybs\.svg$/);
    expect(description.codex.alias).toContain('KYB');
  }
  expect(pkg.loader.types.credentials.map((c: any) => c.name)).toEqual(['keyBsApi']);
  expect(pkg.credentialTypes.keyBsApi.properties.map((p: any) => p.name)).toEqual(['apiKey', 'baseUrl']);
  expect(nodes.keyBs.credentials).toEqual([{ name: 'keyBsApi', required: true, testedBy: 'keyBsApiTest' }]);
});

it('has three named outputs when routing and one otherwise, as n8n evaluates them', () => {
  const { wf } = loadEngine();
  const outputsFor = (operation: string) => {
    const node = {
      id: 'n',
      name: 'KeyBS',
      type: NODE,
      typeVersion: 1,
      position: [0, 0],
      parameters: { resource: 'verification', operation },
    };
    const workflow = new wf.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: pkg.nodeTypes });
    const type = pkg.nodeTypes.getByNameAndVersion(NODE, 1);
    return wf.NodeHelpers.getNodeOutputs(workflow, workflow.getNode('KeyBS'), type.description);
  };
  expect(outputsFor('route').map((o: any) => o.displayName)).toEqual(['Pass', 'Review', 'Pending']);
  expect(outputsFor('order')).toEqual(['main']);
});
