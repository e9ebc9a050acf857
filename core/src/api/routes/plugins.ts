import { PluginList } from '@keybs/contract';
import { defineRoute } from '../route.js';

export const listPlugins = defineRoute({
  method: 'get',
  path: '/v1/plugins',
  operationId: 'listPlugins',
  summary: 'Loaded plugins and how they keep up',
  description:
    'Each plugin of the config file: `running`, `degraded` (events retrying, dead letters, or its health ' +
    'check not ok) or `stopped`; its cursor over the event log and its lag; events pending, retrying and ' +
    'dead-lettered with the latest dead letters and their errors; its scheduled jobs. Counts and dead letters ' +
    "are those of the key's environment; `cursor` and `head` are positions in the whole log.",
  tag: 'Plugins',
  scope: 'verifications:read',
  responses: [{ status: 200, description: 'The plugins, in config-file order.', schema: PluginList }],
  async handle({ auth, services }) {
    return { status: 200, body: { data: await services.plugins.status(auth.livemode) } };
  },
});
