// What each environment variable does, in the README's words. `npm run docs:config` writes the README's
// configuration table from this and from the schema's own defaults (config.ts), and a test fails when the README is
// not current: a variable cannot be added, removed or given a new default without the table following.
import { type Config, configSchema } from './config.ts';

type Section = 'Server' | 'Photos' | 'Photo storage' | 'Analysis (LLM, optional)' | 'Price drops, files, purges' | 'Bulk' | 'Vinted connector' | 'Webhooks' | 'Accounts' | 'Billing (Stripe, optional)';

export interface VariableDoc {
  section: Section;
  /** What it does (markdown, one line). */
  doc: string;
  /** The default as the README shows it, only where the schema cannot say it: it depends on the machine or on
   *  another variable, or "unset" has a meaning worth naming. Otherwise the schema's default is shown. */
  shownDefault?: string;
}

export type ConfigVariable = keyof typeof configSchema.shape;

// In the README's order. `satisfies` makes the compiler refuse a variable of the schema that is missing here.
export const CONFIG_DOCS = {
  PORT: { section: 'Server', doc: 'HTTP port.' },
  HOST: { section: 'Server', doc: 'Listen address. Any address other than loopback requires `API_TOKEN` (or `AUTH_MODE=accounts`), or the server refuses to start.' },
  DATA_DIR: { section: 'Server', doc: 'Where the embedded database (`vintedbot.db`), photos and generated files live. One process per folder (a lock file refuses a second one).' },
  DATABASE_URL: { section: 'Server', doc: 'PostgreSQL connection string (`postgres://user@host:5432/db`). When set, PostgreSQL replaces the embedded SQLite database.' },
  REDIS_URL: { section: 'Server', doc: 'Redis for the job queue when running separate `worker` processes (scale-out).' },
  REDIS_PREFIX: { section: 'Server', doc: 'Key prefix of the Redis queue (letters, digits, `:`, `_` or `-`).' },
  API_TOKEN: { section: 'Server', doc: 'When set (16+ characters), every route but `/health` and `/ready` requires `Authorization: Bearer <token>`; the web app asks for it once and then uses a session cookie (see [Security](#security)).' },
  CORS_ORIGINS: { section: 'Server', doc: 'Comma-separated origins allowed to call the API from a browser (e.g. a front end on another domain); `https://*.lovable.dev` allows every subdomain of lovable.dev (not the bare domain). Their pages may also change data; every other site\'s page is refused.', shownDefault: '– (closed)' },
  PUBLIC_URL: { section: 'Server', doc: 'The address sellers use when it is not this machine\'s loopback (a reverse proxy, a LAN name), e.g. `https://vinted.example.org`: its host is accepted in `Host`, its origin counts as the app\'s own, and an `https` one marks cookies `Secure` and turns on HSTS; photo links in the stock\'s answers (`GET /listings`…) become absolute on it.' },
  ALLOWED_HOSTS: { section: 'Server', doc: 'More names the server answers to in the `Host` header, comma-separated, `name` (any port) or `name:port` (e.g. `nas.local,192.168.1.20:8080`). Loopback names on the listening port (and, when `HOST` is `0.0.0.0`, this machine\'s addresses) are always accepted; any other host gets 421 `misdirected_host`.' },
  TRUST_PROXY: { section: 'Server', doc: 'Behind a reverse proxy: read the client address from `X-Forwarded-For` (and the protocol and host from `X-Forwarded-Proto`/`-Host`). `1` (one proxy in front, the usual case) or another hop count, a comma-separated list of proxy addresses or CIDR ranges, or `true` (trust any: only when nothing else can reach the server).' },
  LOG_LEVEL: { section: 'Server', doc: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Logs are JSON (pino); cookies, tokens and keys are redacted.' },
  NOTIFY_CONSOLE: { section: 'Server', doc: 'Print the seller\'s console lines (`🧠 New AI draft created…`, `💸 Price drop…`, `⚠️ Duplicate detected…`).' },
  RATE_LIMIT_MAX: { section: 'Server', doc: 'Requests allowed per client and window; past it the API answers 429 with `Retry-After`.' },
  RATE_LIMIT_WINDOW_MS: { section: 'Server', doc: 'The rate-limit window.' },
  BODY_LIMIT_BYTES: { section: 'Server', doc: 'Largest JSON body accepted (uploads have their own limits).' },
  JOB_CONCURRENCY: { section: 'Server', doc: 'Background jobs run at once in this process.', shownDefault: 'number of cores' },
  SECRET_KEY: { section: 'Server', doc: 'Key for encrypting secrets at rest (the Vinted session). Without it a random key is generated in `DATA_DIR` with mode 0600.', shownDefault: '– (key file)' },
  TZ: { section: 'Server', doc: 'Time zone of scheduled work (e.g. the nightly price drop).', shownDefault: 'system' },

  PHOTO_MAX_BYTES: { section: 'Photos', doc: 'Largest photo file accepted (413 `file_too_large` above).' },
  PHOTO_MAX_PIXELS: { section: 'Photos', doc: 'Largest image in pixels (413 `image_too_large`, checked before decoding).' },
  PHOTO_MAX_FILES: { section: 'Photos', doc: 'Photos per single-article request.' },
  PHOTO_FETCH_TIMEOUT_MS: { section: 'Photos', doc: 'Time limit of a photo fetched from a URL.' },
  PHOTO_FETCH_MAX_REDIRECTS: { section: 'Photos', doc: 'Redirects followed (each target re-checked against private addresses).' },

  STORAGE: { section: 'Photo storage', doc: 'Where photo files live: `local` (the folder `DATA_DIR/photos`) or `s3`, any S3-compatible service (AWS, MinIO, R2, B2, Garage); with `s3` the local folder is a cache the server refills on demand, and start-up checks the bucket and keys, naming the variable to fix.' },
  S3_ENDPOINT: { section: 'Photo storage', doc: 'The service\'s URL (`http://127.0.0.1:9000` for MinIO, `https://<account>.r2.cloudflarestorage.com` for R2); unset for AWS.' },
  S3_REGION: { section: 'Photo storage', doc: 'The region (`auto` for R2; MinIO accepts any).' },
  S3_BUCKET: { section: 'Photo storage', doc: 'The bucket of the photos (it must exist; it is not created). Required with `STORAGE=s3`.' },
  S3_ACCESS_KEY_ID: { section: 'Photo storage', doc: 'Access key; unset, the SDK\'s own chain (environment, profile, instance role) is used. Never logged.' },
  S3_SECRET_ACCESS_KEY: { section: 'Photo storage', doc: 'Secret of the access key; never logged or returned.' },
  S3_FORCE_PATH_STYLE: { section: 'Photo storage', doc: '`true` for MinIO and most self-hosted services (`endpoint/bucket/key` addresses instead of `bucket.endpoint/key`).' },
  S3_PREFIX: { section: 'Photo storage', doc: 'Key prefix inside the bucket (`vintedbot/`), to share a bucket.' },
  STORAGE_COLD_BUCKET: { section: 'Photo storage', doc: 'With `s3`: the bucket the lifecycle moves cold photos to (e.g. one with a cheaper storage class).', shownDefault: 'the same bucket, prefix `cold/`' },
  STORAGE_COLD_DIR: { section: 'Photo storage', doc: 'With `local`: the folder the lifecycle moves cold photos to (e.g. a larger, slower disk).', shownDefault: '`DATA_DIR/photos-cold`' },
  STORAGE_COLD_AFTER_DAYS: { section: 'Photo storage', doc: 'Lifecycle: the full-size photos of items sold or archived this many days ago move to the cold tier and their local copies are removed (thumbnails stay); opening or relisting the item brings them back. `0` turns the rule off.' },
  STORAGE_SIGNED_URL_TTL_S: { section: 'Photo storage', doc: 'Lifetime of the signed URLs `GET /storage/photos/{id}/url` hands out with `s3`.' },
  STORAGE_LIFECYCLE_CRON: { section: 'Photo storage', doc: 'When the lifecycle runs (cold moves when `STORAGE_COLD_AFTER_DAYS` is set, and the sweep of stored objects that no photo row names); `off` disables it.' },

  LLM_PROVIDER: { section: 'Analysis (LLM, optional)', doc: '`offline` (no key needed), `openai`, `anthropic`, `ollama` (a local Ollama, no key: `LLM_PROVIDER=ollama` is the whole setup) or `openai-compatible` (LM Studio, vLLM, any other server).' },
  LLM_MODEL: { section: 'Analysis (LLM, optional)', doc: 'The vision model.', shownDefault: '`gpt-4o-mini` (`claude-haiku-4-5` for anthropic, `qwen2.5vl:3b` for ollama)' },
  LLM_BASE_URL: { section: 'Analysis (LLM, optional)', doc: 'Server URL; required for `openai-compatible` (e.g. `http://127.0.0.1:1234/v1`); `http://127.0.0.1:11434/v1` for `ollama` unless set.' },
  OPENAI_API_KEY: { section: 'Analysis (LLM, optional)', doc: 'Key for `openai` and `openai-compatible`; never logged or returned.' },
  ANTHROPIC_API_KEY: { section: 'Analysis (LLM, optional)', doc: 'Key for `anthropic`; never logged or returned.' },
  LLM_TIMEOUT_MS: { section: 'Analysis (LLM, optional)', doc: 'Time limit of one attempt.', shownDefault: '`30000` (`180000` for ollama: a vision model on a CPU takes tens of seconds per photo)' },
  LLM_MAX_RETRIES: { section: 'Analysis (LLM, optional)', doc: 'Retries on 429, 5xx, 408, network errors and time-outs (malformed replies fall back at once).' },
  LLM_RETRY_BASE_MS: { section: 'Analysis (LLM, optional)', doc: 'Back-off base, doubling; `Retry-After` honoured up to 10 s.' },
  LLM_IMAGE_MAX_SIDE: { section: 'Analysis (LLM, optional)', doc: 'Photos are downscaled to this long side before sending (128–768).' },
  LLM_MAX_IMAGES: { section: 'Analysis (LLM, optional)', doc: 'Photos sent per article.' },
  LLM_COST_INPUT_PER_MTOK: { section: 'Analysis (LLM, optional)', doc: 'USD per million input tokens; when both costs are set, answers report `cost_usd`.' },
  LLM_COST_OUTPUT_PER_MTOK: { section: 'Analysis (LLM, optional)', doc: 'USD per million output tokens.' },
  MODELS_DIR: { section: 'Analysis (LLM, optional)', doc: 'Folder with optional local model files (CLIP: `MODELS_DIR/clip/vision_model.onnx` + `label-embeddings.json`, or the text tower, `vocab.json` and `merges.txt` it is computed from). The app never downloads; `npm run models:download -- <name>` fetches into it, SHA-256 verified.' },
  INGEST_PREVIEW_TTL_S: { section: 'Analysis (LLM, optional)', doc: 'Lifetime of a preview token (`save: false`) before `POST /ingest/save-draft`.' },
  PRICE_RULES_JSON: { section: 'Analysis (LLM, optional)', doc: 'Overrides for the price table: base prices per category, condition factors, brand tiers, spread, rounding; or the seeds\' flat form `{"hoodie":25,"t-shirt":10,"veste":35}` (category → euros, read as base prices). One parser (pricing) serves the price suggestion and the bulk plan\'s per-category prices; a bad value stops start-up naming the variable.' },

  PRICE_DROP_CRON: { section: 'Price drops, files, purges', doc: 'When the automatic price drop runs (in `TZ`); `off` disables it.' },
  PURGE_CRON: { section: 'Price drops, files, purges', doc: 'When purges run (old drafts per the seller\'s settings, orphan photo files); `off` disables it.' },
  PRICE_MODEL_CRON: { section: 'Price drops, files, purges', doc: 'When the price model learned from the seller\'s sales is retrained (in `TZ`; from 50 sales, used only when it beats the price table on the newest sales); `off` disables the nightly run (the seller can still train it from the Statistics page).' },
  IMPORT_MAX_ROWS: { section: 'Price drops, files, purges', doc: 'Rows accepted in one CSV import.' },
  IMPORT_MAX_BYTES: { section: 'Price drops, files, purges', doc: 'Size of one imported file.' },
  IMPORT_MAX_LINE_BYTES: { section: 'Price drops, files, purges', doc: 'Longest line (one CSV row, one backup row) an import or a restore reads; a longer one refuses the file (413, naming the file and the line).' },
  BACKUP_MAX_BYTES: { section: 'Price drops, files, purges', doc: 'Size of a backup ZIP accepted for restore.' },
  BACKUP_CRON: { section: 'Price drops, files, purges', doc: 'When the app stores a full backup itself (in `TZ`), in `DATA_DIR/backups` or, with `STORAGE=s3`, under the bucket\'s `backups/` prefix; `off` (the default: each backup holds every photo) leaves it to `POST /backups` and the downloads.' },
  BACKUP_KEEP: { section: 'Price drops, files, purges', doc: 'How many stored backups are kept (the oldest go once a new one is stored).' },
  BACKUP_MAX_ENTRIES: { section: 'Price drops, files, purges', doc: 'Entries in a backup ZIP accepted for restore.' },
  BACKUP_MAX_UNCOMPRESSED_BYTES: { section: 'Price drops, files, purges', doc: 'Uncompressed size of a backup ZIP accepted for restore.' },

  BULK_MAX_FILES: { section: 'Bulk', doc: 'Photos per bulk upload.' },
  BULK_MAX_TOTAL_BYTES: { section: 'Bulk', doc: 'Total size of one bulk upload.' },
  BULK_ZIP_MAX_ENTRIES: { section: 'Bulk', doc: 'ZIP bomb guard: entries in one uploaded ZIP.' },
  BULK_ZIP_MAX_UNCOMPRESSED_BYTES: { section: 'Bulk', doc: 'ZIP bomb guard: total uncompressed size.' },
  BULK_ZIP_MAX_RATIO: { section: 'Bulk', doc: 'ZIP bomb guard: compression ratio of an entry.' },
  BULK_GROUPING: { section: 'Bulk', doc: '`auto`, `sequence` (capture order and similarity) or `density` (average linkage with detail shots placed by region, for uploads whose order says nothing).' },
  BULK_CLUSTER_EPS: { section: 'Bulk', doc: 'Grouping when the upload order says nothing (random names, no capture times), between 0 and 1: two groups of photos merge while their average same-garment probability is at least 1 − this (`0.5`: more likely the same garment than not; chosen on clothing-train sessions). Lower is stricter.' },
  BULK_MIN_SAMPLES: { section: 'Bulk', doc: 'Grouping when the upload order says nothing: photos a group needs; the photos of a smaller one stay on their own, flagged.' },
  BULK_CONCURRENCY: { section: 'Bulk', doc: 'Photos analysed at once in a bulk job.', shownDefault: 'min(4, cores)' },
  BULK_LABEL_OCR: { section: 'Bulk', doc: 'Read brand and size from label close-ups with OCR in bulk jobs (about 200 MB while a job reads labels, freed when it is done, and under a second per label; `false` on small machines).' },
  BULK_OCR_WORKERS: { section: 'Bulk', doc: 'OCR workers a bulk job reads labels with, one label each at a time on one core (default: 2, or 1 on a single core); the groups are categorised as many at a time.' },
  BULK_OCR_MAX_MB: { section: 'Bulk', doc: 'Memory the OCR workers may hold together, counted at 200 MB each: the pool is the smaller of `BULK_OCR_WORKERS` and this ÷ 200.' },
  DEFAULT_PRICE: { section: 'Bulk', doc: 'Price of a planned article when no rule matches.' },
  SELLER_CITY: { section: 'Bulk', doc: 'The city in the bulk description template ("Envoi rapide depuis …").' },

  VINTED_BASE_URL: { section: 'Vinted connector', doc: 'The Vinted site to drive (tests point it at a local fake).' },
  CHROMIUM_PATH: { section: 'Vinted connector', doc: 'The browser (Debian\'s `chromium` package).' },
  VINTED_BROWSER_POOL_SIZE: { section: 'Vinted connector', doc: 'Prepared forms kept open at once (each for 30 minutes).' },
  VINTED_QUEUE_INTERVAL_SECONDS: { section: 'Vinted connector', doc: 'Publish-queue cadence; `0` turns it off; must divide 60 or be a multiple of 60.' },
  VINTED_NAV_TIMEOUT_MS: { section: 'Vinted connector', doc: 'Page time-out.' },

  WEBHOOK_TIMEOUT_MS: { section: 'Webhooks', doc: 'Time limit of one webhook delivery attempt.' },
  WEBHOOK_RETRY_BASE_MS: { section: 'Webhooks', doc: 'First retry delay of a failed delivery (no answer, or not 2xx); it doubles at each attempt, up to 6 hours between attempts.' },
  WEBHOOK_RETRY_HOURS: { section: 'Webhooks', doc: 'How long a failed delivery keeps being retried after its first attempt; then it is marked failed in the delivery log.' },

  AUTH_MODE: { section: 'Accounts', doc: '`single`: one seller, no sign-up, `API_TOKEN` as above. `accounts`: several people on one server, each with an email and a password (see [Accounts](#accounts)); the first person to open the app creates the admin account, the admin invites the others or opens registration. `API_TOKEN` must then be unset: each person creates their own API tokens.' },
  AUTH_SESSION_DAYS: { section: 'Accounts', doc: 'With `accounts`: a login lasts this many days without use (each use extends it).' },
  AUTH_SESSION_ROTATE_MINUTES: { section: 'Accounts', doc: 'With `accounts`: a session\'s cookie is replaced by a new one this often (and at every login).' },
  AUTH_LOCKOUT_FAILURES: { section: 'Accounts', doc: 'With `accounts`: wrong passwords for one account, within `AUTH_LOCKOUT_MINUTES`, before that account is locked for `AUTH_LOCKOUT_MINUTES` (429 `login_locked` with `Retry-After`).' },
  AUTH_LOCKOUT_IP_FAILURES: { section: 'Accounts', doc: 'With `accounts`: failed logins from one client address, whatever the account, before that address is locked the same way.' },
  AUTH_LOCKOUT_MINUTES: { section: 'Accounts', doc: 'With `accounts`: the window failures are counted in, and how long a lock-out lasts.' },
  AUTH_LINK_HOURS: { section: 'Accounts', doc: 'With `accounts`: how long an invitation or password-reset link the admin hands over stays valid (each works once).' },
  SMTP_URL: { section: 'Accounts', doc: 'With `accounts`: an SMTP server to e-mail password-reset and invitation links (`smtps://user:password@host:465`, or `smtp://host:587` with STARTTLS when offered). Unset: no e-mail, the admin hands links over. Holds a password: never logged.' },
  MAIL_FROM: { section: 'Accounts', doc: 'The sender of those e-mails (`VintedBot <shop@example.com>`); by default the SMTP login when it is an address, else no-reply at this host.' },
  GOOGLE_CLIENT_ID: { section: 'Accounts', doc: 'With `accounts` and `GOOGLE_CLIENT_SECRET`: turns on "Sign in with Google" (see [Sign in with Google](#sign-in-with-google)). The OAuth client id of a "Web application" client in Google Cloud; register `<PUBLIC_URL>/auth/google/callback` as its redirect URI. Setting only one of the two keys stops start-up naming the other.' },
  GOOGLE_CLIENT_SECRET: { section: 'Accounts', doc: 'That client\'s secret. Never logged or returned.' },
  GOOGLE_ISSUER: { section: 'Accounts', doc: 'The OpenID Connect provider, read through its `/.well-known/openid-configuration`; another provider may be named, tests point it at a local fake. `https` only, except on 127.0.0.1 or localhost.' },

  STRIPE_SECRET_KEY: { section: 'Billing (Stripe, optional)', doc: 'With `accounts`: turns on paid plans through Stripe (see [Billing](#billing-stripe-optional)): Checkout to subscribe, Stripe\'s customer portal to change card or cancel, and the webhook that sets each user\'s quotas from their plan. Unset, the admin sets quotas by hand. Never logged or returned.' },
  STRIPE_WEBHOOK_SECRET: { section: 'Billing (Stripe, optional)', doc: 'The signing secret (`whsec_…`) of the webhook endpoint `POST /billing/webhook` as Stripe shows it; events whose `Stripe-Signature` does not match are refused. Required with `STRIPE_SECRET_KEY`. Never logged or returned.' },
  STRIPE_PLANS: { section: 'Billing (Stripe, optional)', doc: 'The plans, as JSON: `[{"id":"free","name":"Gratuit","quotas":{"listings":20,"analyses":5}},{"id":"pro","name":"Pro","price":"price_…","quotas":{"listings":500,"analyses":200,"storage_bytes":10737418240,"vinted_accounts":2}}]`. Each plan with a `price` (a Stripe price id of a recurring price) can be bought; exactly one plan has none: the free plan a cancelled or unpaid subscription falls back to. A quota left out of a plan is unlimited. Required with `STRIPE_SECRET_KEY`; a bad value stops start-up naming the problem.' },
  STRIPE_API_BASE: { section: 'Billing (Stripe, optional)', doc: 'Another address for Stripe\'s API (e.g. `http://127.0.0.1:12111` for stripe-mock; tests point it at a local fake).', shownDefault: '`https://api.stripe.com`' },
} satisfies Record<ConfigVariable, VariableDoc>;

/** The schema's default of a variable as the README shows it. */
export function shownDefault(name: ConfigVariable): string {
  const doc: VariableDoc = CONFIG_DOCS[name];
  if (doc.shownDefault) return doc.shownDefault;
  const value = (configSchema.shape[name] as { parse: (v: unknown) => unknown }).parse(undefined) as Config[ConfigVariable];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '–';
  if (typeof value === 'number' && name.endsWith('_BYTES')) return `\`${value}\`${binarySize(value)}`;
  return `\`${String(value)}\``;
}

/** " (15 MiB)" for a whole number of MiB or GiB, else nothing. */
function binarySize(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2]] as const) if (n >= size && n % size === 0) return ` (${n / size} ${unit})`;
  return '';
}

export const CONFIG_TABLE_START = '<!-- config-table: written by `npm run docs:config` from server/src/config.ts and config-docs.ts; edit those -->';
export const CONFIG_TABLE_END = '<!-- /config-table -->';

/** The README's configuration table, markers included. */
export function configTable(): string {
  const rows = ['| Variable | Default | What it does |', '|---|---|---|'];
  let section: Section | null = null;
  for (const [name, doc] of Object.entries(CONFIG_DOCS) as [ConfigVariable, VariableDoc][]) {
    if (doc.section !== section) rows.push(`| **${(section = doc.section)}** | | |`);
    rows.push(`| \`${name}\` | ${shownDefault(name)} | ${doc.doc} |`);
  }
  return [CONFIG_TABLE_START, ...rows, CONFIG_TABLE_END].join('\n');
}

/** README.md's text with its configuration table replaced by the current one. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START), end = readme.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no configuration table markers (${CONFIG_TABLE_START} … ${CONFIG_TABLE_END})`);
  return readme.slice(0, start) + configTable() + readme.slice(end + CONFIG_TABLE_END.length);
}
