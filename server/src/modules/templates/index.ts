// Description templates and the shop signature: saved templates with {variables} (French names, English aliases),
// applied to items or used by the bulk plan (its template is one of them, editable), and a signature appended to
// every generated description within Vinted's 2,000 characters. Owns the `description_templates` table and the
// `templates.signature` setting; provides `templates` (a TemplatesService).
//
// Public surface: everything another module or the app may use is exported here, nothing else is imported from
// this folder from outside it.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { ListingsService } from '../listings/index.ts';
import { TemplatesRepository } from './templates.repository.ts';
import { templatesRoutes } from './templates.routes.ts';
import { TemplatesService } from './templates.service.ts';
import { templatesOwnerData } from './templates-owner-data.repository.ts';

export { renderDescription, TEMPLATE_VARIABLES, type TemplateItem, withSignature } from './template-render.ts';
export type { ApplyResult, TemplatesService } from './templates.service.ts';

export const templatesModule = defineModule({
  name: 'templates',
  needs: ['listings'],
  provides: ['templates'],
  create(platform: Platform, deps: { listings: ListingsService }) {
    platform.ownerData.register(templatesOwnerData());
    const templates = new TemplatesService(new TemplatesRepository(platform.db), platform.db, deps.listings, platform.config.SELLER_CITY ?? null);
    return { services: { templates }, routes: (app: FastifyInstance) => templatesRoutes(app, templates) };
  },
});
