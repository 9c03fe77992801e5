// `npm run openapi`: regenerates openapi/openapi.json from the route schemas.
import fs from 'node:fs';
import { generateOpenApi, OPENAPI_PATH } from '../src/openapi-spec.ts';

const spec = await generateOpenApi();
const before = fs.existsSync(OPENAPI_PATH) ? fs.readFileSync(OPENAPI_PATH, 'utf8') : '';
fs.writeFileSync(OPENAPI_PATH, spec);
const paths = Object.keys(JSON.parse(spec).paths).length;
process.stdout.write(`${before === spec ? 'Unchanged' : 'Wrote'} ${OPENAPI_PATH} (${paths} paths)\n`);
