import { secretBoxFor } from '../../platform/security/secret-box.ts';
import type { AppModule } from '../module.ts';
import { analysisSettingsFrom } from './analysis-settings.ts';
import { AnalysisService } from './analysis.service.ts';
import { IngestService } from './ingest/ingest.service.ts';
import { ingestRoutes } from './ingest/ingest.routes.ts';
import { variantsRoutes } from './variants.routes.ts';

declare module '../../context.ts' {
  interface AppContext {
    analysis: AnalysisService;
    ingest: IngestService;
  }
}

export const analysisModule: AppModule = {
  name: 'analysis',
  setup(ctx) {
    // Read once at start: a bad LLM_* or PRICE_RULES_JSON stops the server with the variable named.
    const settings = analysisSettingsFrom({ ...process.env, ...ctx.config });
    ctx.analysis = new AnalysisService(settings, ctx.log.child({ component: 'analysis' }));
    ctx.ingest = new IngestService({
      analysis: ctx.analysis,
      listings: ctx.listings,
      events: ctx.events,
      box: secretBoxFor({ SECRET_KEY: ctx.config.SECRET_KEY, dataDir: ctx.config.dataDir }),
      duplicates: ctx.duplicates,
    });
    if (settings.llm) ctx.log.info({ provider: settings.llm.provider, model: settings.llm.model, key_set: !!settings.llm.apiKey }, 'listing analysis uses an LLM, offline as fallback');
  },
  async routes(app, ctx) {
    await ingestRoutes(app, ctx);
    variantsRoutes(app, ctx);
  },
};
