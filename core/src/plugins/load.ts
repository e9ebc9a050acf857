import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import type { z } from 'zod';
import { ConfigError } from '../config/env.js';
import type { PluginEntry } from '../config/file.js';
import type { PluginDefinition } from './definition.js';

/** A plugin that cannot be loaded: the start stops with this message, which names the plugin. */
export class PluginLoadError extends ConfigError {
  override name = 'PluginLoadError';
  constructor(
    readonly plugin: string,
    readonly reason: string,
  ) {
    super(`plugin ${plugin}: ${reason}`);
  }
}

export interface LoadedPlugin {
  definition: PluginDefinition;
  /** The config as the plugin's schema parsed it. */
  config: unknown;
  entry: PluginEntry;
}

/** This core's version (`core/package.json`), which plugins' `core` ranges are checked against. */
export const CORE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export type Importer = (specifier: string) => Promise<Record<string, unknown>>;
const importModule: Importer = (specifier) => import(specifier);

/** A path (`./my-plugin.js`, `/abs/plugin.js`, `file:…`) is resolved against the config file's folder. */
function specifierOf(name: string, configDir: string): string {
  if (name.startsWith('file:')) return name;
  if (name.startsWith('.') || isAbsolute(name)) return pathToFileURL(resolve(configDir, name)).href;
  return name;
}

function definitionOf(module: Record<string, unknown>): PluginDefinition | string {
  const candidate = (module.default ?? module.plugin) as Partial<PluginDefinition> | undefined;
  if (!candidate || typeof candidate !== 'object') return 'exports no plugin definition (default or `plugin` export)';
  if (typeof candidate.name !== 'string' || candidate.name === '') return 'its definition has no name';
  if (typeof candidate.core !== 'string') return 'its definition has no `core` version range';
  if (typeof (candidate.config as z.ZodType | undefined)?.safeParse !== 'function')
    return 'its definition has no zod `config` schema';
  if (typeof candidate.setup !== 'function') return 'its definition has no `setup` function';
  if (candidate.thread !== undefined && candidate.thread !== 'plugin' && candidate.thread !== 'main')
    return "its definition's `thread` must be 'plugin' or 'main'";
  return candidate as PluginDefinition;
}

function configIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(config)'}: ${i.message}`)
    .join('; ');
}

/**
 * Imports each plugin of the config file, checks its definition, its supported core range and its config.
 * The first failure throws a PluginLoadError naming the plugin (as listed in the file) and the reason.
 */
export async function loadPlugins(
  entries: readonly PluginEntry[],
  options: { configFile?: string | undefined; coreVersion?: string; importer?: Importer | undefined } = {},
): Promise<LoadedPlugin[]> {
  const configDir = options.configFile ? dirname(resolve(options.configFile)) : process.cwd();
  const coreVersion = options.coreVersion ?? CORE_VERSION;
  const importer = options.importer ?? importModule;
  const loaded: LoadedPlugin[] = [];
  for (const entry of entries) {
    let module: Record<string, unknown>;
    try {
      module = await importer(specifierOf(entry.package, configDir));
    } catch (error) {
      throw new PluginLoadError(entry.package, `cannot load the package: ${(error as Error).message}`);
    }
    const definition = definitionOf(module);
    if (typeof definition === 'string') throw new PluginLoadError(entry.package, definition);
    const label = definition.name === entry.package ? entry.package : `${definition.name} (${entry.package})`;
    if (!semver.validRange(definition.core))
      throw new PluginLoadError(label, `declares an invalid core version range '${definition.core}'`);
    if (!semver.satisfies(coreVersion, definition.core, { includePrerelease: true })) {
      throw new PluginLoadError(
        label,
        `supports KeyBS core ${definition.core}, but this hub is ${coreVersion}; install a compatible version`,
      );
    }
    if (loaded.some((p) => p.definition.name === definition.name))
      throw new PluginLoadError(label, 'is listed twice; each plugin may be enabled once');
    const parsed = definition.config.safeParse(entry.config);
    if (!parsed.success) throw new PluginLoadError(label, `invalid config: ${configIssues(parsed.error)}`);
    loaded.push({ definition, config: parsed.data, entry });
  }
  return loaded;
}
