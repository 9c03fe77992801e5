import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { closeContext, createContext } from './context.ts';

export const OPENAPI_PATH = path.resolve(import.meta.dirname, '../../openapi/openapi.json');

/** The spec as the routes declare it, built from a throw-away app with default settings (no env influence). */
export async function generateOpenApi(): Promise<string> {
  const version: string = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).version;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-openapi-'));
  const ctx = await createContext(loadConfig({ DATA_DIR: dataDir }, version), { logger: pino({ level: 'silent' }), notify: () => {} });
  try {
    const app = await buildApp(ctx);
    await app.ready();
    const spec = app.swagger();
    await app.close();
    // Component schemas are registered as their files load, so their order would follow the import graph;
    // sorted by name, the committed spec only changes when a schema does.
    const components = (spec as { components?: { schemas?: Record<string, unknown> } }).components;
    const schemas = components?.schemas;
    if (components && schemas) components.schemas = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
    return `${JSON.stringify(spec, null, 2)}\n`;
  } finally {
    await closeContext(ctx);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
