import { base, connection, modules, rpcs, webhook } from './components.js';

/** The app in Make's local-development layout (`makecomapp.json` + one file per code), path → content. */

const kebab = (id: string): string => id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const README = `# KeyBS Hub for Make

Order supplier verifications (KYB) from your KeyBS hub, look them up, and start scenarios on status changes
and decisions. Generated from the KeyBS wire contract by \`connectors/make\` (\`npm run generate\`): do not edit
by hand.
`;

export function appFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const put = (path: string, content: unknown): string => {
    files.set(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return path;
  };

  const codeFiles = (dir: string, id: string, codes: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(codes).map(([code, content]) => [
        code,
        put(`${dir}/${kebab(id)}/${kebab(id)}.${kebab(code)}.iml.json`, content),
      ]),
    );

  const manifest = {
    fileVersion: 1,
    generalCodeFiles: {
      base: put('general/base.iml.json', base),
      common: null,
      readme: put('general/readme.md', README),
      groups: put('general/groups.json', [
        { label: 'Verifications', modules: ['orderVerification', 'getVerification', 'searchVerifications'] },
        { label: 'Events', modules: ['watchEvents'] },
      ]),
    },
    components: {
      connection: {
        keybs: {
          label: 'KeyBS Hub',
          connectionType: 'basic',
          codeFiles: codeFiles('connections', 'keybs', {
            communication: connection.communication,
            params: connection.params,
          }),
        },
      },
      webhook: {
        keybsEvents: {
          label: webhook.label,
          webhookType: 'web',
          connection: 'keybs',
          codeFiles: codeFiles('webhooks', 'keybsEvents', {
            communication: webhook.communication,
            params: webhook.params,
            attach: webhook.attach,
            detach: webhook.detach,
          }),
        },
      },
      module: Object.fromEntries(
        Object.entries(modules).map(([id, m]) => [
          id,
          {
            label: m.label,
            description: m.description,
            moduleType: m.moduleType,
            ...(m.actionCrud && { actionCrud: m.actionCrud }),
            connection: m.webhook ? null : 'keybs',
            ...(m.webhook && { webhook: m.webhook }),
            codeFiles: codeFiles('modules', id, {
              ...(m.communication && { communication: m.communication }),
              staticParams: [],
              mappableParams: m.mappableParams,
              interface: m.interface,
              samples: m.samples,
            }),
          },
        ]),
      ),
      rpc: Object.fromEntries(
        Object.entries(rpcs).map(([id, r]) => [
          id,
          {
            label: r.label,
            connection: 'keybs',
            codeFiles: codeFiles('rpcs', id, { communication: r.communication, params: [] }),
          },
        ]),
      ),
      function: {},
    },
    origins: [],
  };
  put('makecomapp.json', manifest);
  return files;
}
