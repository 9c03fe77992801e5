#!/usr/bin/env node
// The `vintedbot` command (package.json "bin"; also `npx vintedbot …` and `npm run cli -- …`): loads tsx's loader in
// this process and runs the TypeScript command line (server/src/cli), so Ctrl-C reaches the command directly.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli/index.ts');
