import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, OPENAPI_PATH } from '../../src/openapi-spec.ts';

describe('OpenAPI spec', () => {
  it('is committed and up to date with the routes (run `npm run openapi` after changing a route)', async () => {
    const generated = await generateOpenApi();
    expect(fs.existsSync(OPENAPI_PATH)).toBe(true);
    const committed = fs.readFileSync(OPENAPI_PATH, 'utf8');
    expect(committed === generated, 'openapi/openapi.json is stale: run `npm run openapi` and commit it').toBe(true);
    const spec = JSON.parse(generated);
    expect(spec.paths['/listings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'q', 'brand', 'category', 'size', 'min_price', 'max_price', 'sort', 'cursor']),
    );
    expect(spec.components.schemas.Item).toBeDefined();
  });
});
