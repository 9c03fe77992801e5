import type { AppModule } from '../module.ts';
import { exportsRoutes } from './exports.routes.ts';
import { importsRoutes } from './imports.routes.ts';

export const filesModule: AppModule = {
  name: 'files',
  routes: (app, ctx) => {
    importsRoutes(app, ctx);
    exportsRoutes(app, ctx);
  },
};
