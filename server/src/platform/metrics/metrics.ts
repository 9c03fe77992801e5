import client, { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ScrapeSources {
  queue?: () => Promise<{ pending: number; running: number }>;
  pool?: () => { total: number; idle: number; waiting: number } | null;
}

/**
 * The Prometheus metric families of one process (GET /metrics). One registry per platform, not prom-client's global
 * one: tests build several apps in one process, and each must count its own requests and jobs. Modules record through
 * the named families below (or the platform records them from its events, see metric-events.ts); nothing here knows
 * a module.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'vintedbot_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'vintedbot_http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'vintedbot_job_runs_total', help: 'Background job runs that ended, by kind and final state (completed, failed, cancelled)',
    labelNames: ['kind', 'state'] as const, registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'vintedbot_job_duration_seconds', help: 'Time from a job run starting in this process to its end, by kind and state',
    labelNames: ['kind', 'state'] as const, buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600], registers: [this.registry],
  });
  readonly bulkPhotos = new Counter({
    name: 'vintedbot_bulk_photos_processed_total', help: 'Photos of bulk jobs scanned (decoded, hashed, measured) in this process', registers: [this.registry],
  });
  readonly analysisDuration = new Histogram({
    name: 'vintedbot_analysis_seconds_per_photo', help: 'Listing analysis time divided by the photos analysed, by the provider that answered',
    labelNames: ['provider'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'vintedbot_llm_tokens_total', help: 'LLM tokens spent (failed attempts included), by provider and direction (input, output)',
    labelNames: ['provider', 'direction'] as const, registers: [this.registry],
  });
  readonly llmCost = new Counter({
    name: 'vintedbot_llm_cost_usd_total', help: 'Estimated LLM cost in USD (when LLM_COST_* are set), by provider',
    labelNames: ['provider'] as const, registers: [this.registry],
  });
  readonly duplicateChecks = new Counter({
    name: 'vintedbot_duplicate_checks_total', help: 'Articles checked against the stock for duplicates', registers: [this.registry],
  });
  readonly duplicatesFound = new Counter({
    name: 'vintedbot_duplicates_detected_total', help: 'Articles found to duplicate an item of the stock', registers: [this.registry],
  });
  readonly priceDrops = new Counter({
    name: 'vintedbot_price_drops_applied_total', help: 'Item prices lowered by the automatic price drop', registers: [this.registry],
  });
  readonly publications = new Counter({
    name: 'vintedbot_publications_total', help: 'Vinted publications by outcome (published, needs_manual, failed)',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  readonly vintedChallenges = new Counter({
    name: 'vintedbot_vinted_challenges_total', help: 'Times Vinted asked for a human (captcha, rate limit, lost session…), by reason',
    labelNames: ['reason'] as const, registers: [this.registry],
  });
  /** What the scrape-time gauges read (set by the platform once the queue and the database exist). */
  private sources: ScrapeSources = {};

  constructor() {
    const self = this;
    new Gauge({
      name: 'vintedbot_queue_depth', help: 'Background jobs waiting (pending) or running in this process', labelNames: ['state'] as const, registers: [this.registry],
      async collect() {
        const s = await self.sources.queue?.().catch(() => null);
        if (!s) return;
        this.set({ state: 'pending' }, s.pending);
        this.set({ state: 'running' }, s.running);
      },
    });
    new Gauge({
      name: 'vintedbot_db_pool_connections', help: 'PostgreSQL pool connections by state (total, idle, waiting); absent on SQLite',
      labelNames: ['state'] as const, registers: [this.registry],
      collect() {
        const p = self.sources.pool?.();
        if (!p) return;
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
    // Process memory, CPU, handles and event-loop lag, under prom-client's standard names.
    client.collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** Gauges read when scraped: the sources are asked then rather than kept up to date on every change. */
  sampleOnScrape(sources: ScrapeSources) {
    this.sources = sources;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
