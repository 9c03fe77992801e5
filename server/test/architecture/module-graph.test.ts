import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildModules, ModuleGraphError, startOrder, stopModules } from '../../src/platform/modules/build-modules.ts';
import { listingsModule } from '../../src/modules/listings/index.ts';
import { type AnyModule, defineModule } from '../../src/platform/modules/module.ts';
import { createPlatform, type Platform } from '../../src/platform/platform.ts';
import { installOwnerScope } from '../../src/platform/http/owner-scope-hook.ts';

const mod = (name: string, needs: string[], provides: string[]): AnyModule => ({
  name, needs, provides, create: () => ({ services: Object.fromEntries(provides.map((p) => [p, { from: name }])) }),
});

describe('module graph', () => {
  it('orders modules after what they need, whatever the list order', () => {
    const order = startOrder([mod('bulk', ['photos', 'listings'], ['bulk']), mod('photos', [], ['photos']), mod('listings', [], ['listings'])]);
    expect(order.map((m) => m.name)).toEqual(['photos', 'listings', 'bulk']);
  });

  it('refuses to start naming the missing service and who needs it', () => {
    expect(() => startOrder([mod('bulk', ['photos'], ['bulk'])])).toThrow(new ModuleGraphError('Module "bulk" needs "photos", which no module provides.'));
  });

  it('refuses a cycle and shows it', () => {
    expect(() => startOrder([mod('a', ['b'], ['a']), mod('b', ['a'], ['b'])])).toThrow(/cycle: a → b → a/);
  });

  it('refuses a service provided twice', () => {
    expect(() => startOrder([mod('a', [], ['x']), mod('b', [], ['x'])])).toThrow(/"x" is provided twice/);
  });
});

describe('one module built alone, with only its dependencies', () => {
  let platform: Platform;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-module-'));
    // SQLite here on purpose: this is about wiring, the database tiers are tested elsewhere.
    platform = await createPlatform(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, '0.0.0-test'), { logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the listings routes from the listings module and nothing else', async () => {
    const modules = await buildModules(platform, [listingsModule]);
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    // The app's own wiring opens every request's owner scope (issue 20); this bare app does it the same way.
    installOwnerScope(app, 'single');
    await app.register(async (scope) => modules.built[0].module.routes!(scope));
    const created = await app.inject({ method: 'POST', url: '/listings', payload: { title: 'Sweat à capuche noir Nike L', price: 25 } });
    expect(created.statusCode).toBe(201);
    const list = await app.inject({ method: 'GET', url: '/listings' });
    expect(list.json().items.map((i: { title: string }) => i.title)).toEqual(['Sweat à capuche noir Nike L']);
    await app.close();
    await stopModules(modules);
  });

  it('gives a factory exactly the services it declared', async () => {
    let seen: string[] = [];
    const consumer = defineModule({
      name: 'consumer', needs: ['listings'], provides: ['consumer'],
      create(_p: Platform, deps: { listings: unknown }) {
        seen = Object.keys(deps);
        return { services: { consumer: true } };
      },
    });
    const modules = await buildModules(platform, [consumer, listingsModule, mod('other', [], ['other'])]);
    expect(seen).toEqual(['listings']);
    expect(modules.built.map((b) => b.name)).toEqual(['listings', 'consumer', 'other']);
  });
});
