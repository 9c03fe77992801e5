import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';

/** What a module gives back once built: the services other modules may use, its routes, and how it stops. */
export interface BuiltModule<Services extends object> {
  services: Services;
  /** Registers the module's routes (in their own Fastify scope). Routes call the module's services. */
  routes?(app: FastifyInstance): void | Promise<void>;
  /** Runs at shutdown, in reverse start-up order (unsubscribe, wait for background work, close resources). */
  stop?(): void | Promise<void>;
}

/**
 * A feature module. It `provides` named services and `needs` services of other modules (typed by `Deps`, and
 * nothing else reaches its factory). Start-up builds modules in dependency order and refuses to start, naming
 * what is missing, when a need is provided by no module.
 */
export interface ModuleDefinition<Deps extends object, Services extends object> {
  name: string;
  needs: readonly (keyof Deps & string)[];
  provides: readonly (keyof Services & string)[];
  create(platform: Platform, deps: Deps): BuiltModule<Services> | Promise<BuiltModule<Services>>;
}

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? unknown : { listMissing: Exclude<All, Listed> };

/**
 * Declares a module, checking at compile time that `needs` lists exactly the keys of its dependencies and
 * `provides` exactly the keys of its services. Annotate the factory's parameters (`platform: Platform`,
 * `deps: {…}`) and any callback it returns: TypeScript infers the lists from those types.
 */
export function defineModule<Deps extends object, Services extends object, N extends keyof Deps & string, P extends keyof Services & string>(
  def: {
    name: string;
    needs: readonly N[];
    provides: readonly P[];
    create(platform: Platform, deps: Deps): BuiltModule<Services> | Promise<BuiltModule<Services>>;
  } & Missing<keyof Deps, N> & Missing<keyof Services, P>,
): ModuleDefinition<Deps, Services> {
  return def as ModuleDefinition<Deps, Services>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServicesOf<M> = M extends ModuleDefinition<any, infer S> ? S : never;
