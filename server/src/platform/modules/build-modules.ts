import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import type { AnyModule, BuiltModule } from './module.ts';

/** A module list that cannot be built: a need nobody provides, a service provided twice, or a cycle. */
export class ModuleGraphError extends Error {
  override name = 'ModuleGraphError';
}

export interface BuiltModules {
  /** Every service by name. */
  services: Record<string, unknown>;
  /** Built modules in start-up order, for shutdown; `position` is the module's place in the list given. */
  built: { name: string; module: BuiltModule<object>; position: number }[];
}

/**
 * Orders modules so each comes after the providers of what it needs (the list's order otherwise), or says why
 * it cannot. `provided` names services that exist before any module (a test building one module alone).
 */
export function startOrder(modules: readonly AnyModule[], provided: readonly string[] = []): AnyModule[] {
  const provider = new Map<string, AnyModule>();
  for (const m of modules) {
    for (const s of m.provides) {
      const other = provider.get(s);
      if (other || provided.includes(s)) throw new ModuleGraphError(`Service "${s}" is provided twice (module "${m.name}"${other ? ` and module "${other.name}"` : ''}).`);
      provider.set(s, m);
    }
  }
  for (const m of modules) {
    for (const need of m.needs) {
      if (!provider.has(need) && !provided.includes(need)) throw new ModuleGraphError(`Module "${m.name}" needs "${need}", which no module provides.`);
    }
  }
  const order: AnyModule[] = [];
  const state = new Map<AnyModule, 'visiting' | 'done'>();
  const visit = (m: AnyModule, path: string[]) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'visiting') throw new ModuleGraphError(`Modules need each other in a cycle: ${[...path, m.name].join(' → ')}.`);
    state.set(m, 'visiting');
    for (const need of m.needs) {
      const dep = provider.get(need);
      if (dep) visit(dep, [...path, m.name]);
    }
    state.set(m, 'done');
    order.push(m);
  };
  for (const m of modules) visit(m, []);
  return order;
}

/**
 * Builds the modules in dependency order, giving each only the services it declared. On a failure, the modules
 * already built are stopped before the error is rethrown.
 */
export async function buildModules(platform: Platform, modules: readonly AnyModule[], provided: Record<string, unknown> = {}): Promise<BuiltModules> {
  const result: BuiltModules = { services: { ...provided }, built: [] };
  try {
    for (const def of startOrder(modules, Object.keys(provided))) {
      const deps = Object.fromEntries(def.needs.map((n) => [n, result.services[n]]));
      const module = await def.create(platform, deps);
      for (const s of def.provides) {
        if (!(s in module.services)) throw new ModuleGraphError(`Module "${def.name}" declares "${s}" but did not provide it.`);
        result.services[s] = (module.services as Record<string, unknown>)[s];
      }
      result.built.push({ name: def.name, module, position: modules.indexOf(def) });
    }
  } catch (e) {
    await stopModules(result);
    throw e;
  }
  return result;
}

/**
 * Registers routes in the order of the module list, not the start-up order: the API docs list paths in
 * registration order, so they stay put when a module comes to need another.
 */
export async function registerModuleRoutes(app: FastifyInstance, modules: BuiltModules): Promise<void> {
  for (const { module } of [...modules.built].sort((a, b) => a.position - b.position)) {
    if (module.routes) await app.register(async (scope) => module.routes!(scope));
  }
}

export async function stopModules(modules: BuiltModules, watch: (name: string, stopping: Promise<void>) => Promise<void> = (_, s) => s): Promise<void> {
  for (const { module, name } of [...modules.built].reverse()) if (module.stop) await watch(name, Promise.resolve(module.stop()));
}
