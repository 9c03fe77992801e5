// Bulk edits from the stock page (POST /listings/bulk-edit): one action on many items with a preview, each item
// changed through the stock's own edit (so validated, recorded in the history, announced), one result per item.
// Owns no table; provides `bulkEdit`.
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { ListingsService } from '../listings/index.ts';
import type { TemplatesService } from '../templates/index.ts';
import { bulkEditRoutes } from './bulk-edit.routes.ts';
import { BulkEditService } from './bulk-edit.service.ts';

export type { BulkEditService } from './bulk-edit.service.ts';

export const bulkEditModule = defineModule({
  name: 'bulk-edit',
  needs: ['listings', 'templates'],
  provides: ['bulkEdit'],
  create(_platform: Platform, deps: { listings: ListingsService; templates: TemplatesService }) {
    const bulkEdit = new BulkEditService(deps.listings, deps.templates);
    return { services: { bulkEdit }, routes: (app: FastifyInstance) => bulkEditRoutes(app, bulkEdit) };
  },
});
