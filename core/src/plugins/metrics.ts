import { Gauge, type Registry } from 'prom-client';
import type { PluginHost } from './host.js';

/** `keybs_plugin_metric{plugin,metric}`: the values each plugin's `metrics()` reports, asked on each scrape. */
export function registerPluginMetrics(registry: Registry, host: PluginHost): void {
  new Gauge({
    name: 'keybs_plugin_metric',
    help: "Values reported by plugins about themselves (each plugin's README lists its metrics).",
    labelNames: ['plugin', 'metric'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { plugin, metric } of await host.metrics()) this.set({ plugin, metric: metric.name }, metric.value);
    },
  });
}
