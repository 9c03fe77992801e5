import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/** A feature folder's entry point: its routes, and what it arms at start-up (jobs, schedules, subscribers). */
export interface AppModule {
  name: string;
  setup?(ctx: AppContext): Promise<void> | void;
  routes?(app: FastifyInstance, ctx: AppContext): Promise<void> | void;
  teardown?(ctx: AppContext): Promise<void> | void;
}
