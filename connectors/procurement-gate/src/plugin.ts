import { definePlugin, type PluginHealth, type PluginHooks, type PluginSchedule } from '@keybs/core/plugins';
import { Approver } from './approvals/approver.js';
import { AribaApprovals } from './approvals/ariba.js';
import { CoupaApprovals } from './approvals/coupa.js';
import { GateConfig } from './config.js';
import { gateRoutes } from './routes.js';

/**
 * `@keybs/connector-procurement-gate`: asks whether a supplier may receive a purchase order, logs every answer,
 * and, when configured, acts as the API approver of Coupa's and Ariba's requisition approval chains.
 */
export const procurementGatePlugin = definePlugin({
  name: '@keybs/connector-procurement-gate',
  version: '0.1.0',
  core: '^0.1.0',
  config: GateConfig,
  events: ['verification.completed'],
  // The gate check answers a buyer's order while they wait, and its event work (approvals) is light: it runs in
  // the API's own thread, without the hand-over to the plugin thread (docs/plugins.md, docs/benchmarks.md).
  thread: 'main',
  setup(ctx) {
    const { config, now } = ctx;
    const approvers: Approver[] = [];
    const adapters = [
      config.coupa && { system: new CoupaApprovals(config.coupa, now), options: config.coupa },
      config.ariba && { system: new AribaApprovals(config.ariba, now), options: config.ariba },
    ];
    for (const adapter of adapters) {
      if (!adapter) continue;
      approvers.push(
        new Approver(adapter.system, ctx, {
          livemode: adapter.options.environment === 'live',
          threshold: config.threshold,
          package: adapter.options.package,
        }),
      );
    }
    const health = new Map<string, PluginHealth>(
      approvers.map((a) => [a.system.name, { status: 'ok', detail: 'no poll yet' }]),
    );
    const schedules: PluginSchedule[] = approvers.map((approver) => ({
      name: `${approver.system.name}-approvals`,
      cron: (approver.system.name === 'coupa' ? config.coupa?.pollCron : config.ariba?.pollCron) ?? '* * * * *',
      async run(signal) {
        try {
          await approver.poll(signal);
          health.set(approver.system.name, { status: 'ok' });
        } catch (error) {
          health.set(approver.system.name, { status: 'degraded', detail: (error as Error).message });
          throw error;
        }
      },
    }));

    const hooks: PluginHooks = { routes: gateRoutes(ctx), schedules };
    if (approvers.length > 0) {
      hooks.onEvent = async (event, signal) => {
        if (event.type !== 'verification.completed') return;
        for (const approver of approvers) await approver.onDecision(event.payload, signal);
      };
      hooks.health = () => {
        const troubled = [...health].filter(([, h]) => h.status !== 'ok');
        if (troubled.length === 0) return { status: 'ok' };
        return { status: 'degraded', detail: troubled.map(([name, h]) => `${name}: ${h.detail}`).join('; ') };
      };
    }
    return hooks;
  },
});
