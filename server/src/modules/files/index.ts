import type { AppModule } from '../module.ts';
import { backupsRoutes } from './backups.routes.ts';
import { exportsRoutes } from './exports.routes.ts';
import { importsRoutes } from './imports.routes.ts';

export const filesModule: AppModule = {
  name: 'files',
  routes: (app, ctx) => {
    importsRoutes(app, ctx);
    exportsRoutes(app, ctx);
    backupsRoutes(app, ctx);
  },
};
