/**
 * The one configuration schema: every key with its description, default and
 * environment variable. Parsed once at start-up (`loadConfig`), failing fast
 * with the key's name; the result is passed explicitly, never read globally.
 */
import { z } from 'zod';
import { EngineError } from './model/errors.ts';
import { isCronExpression } from './schedule/scheduler.ts';
import { isWebhookSecret } from './casework/webhook-signature.ts';
import type { WebhookTarget } from './casework/deliver-outbox.ts';
import type { AlertPolicy } from './casework/plan-casework.ts';

interface KeySpec {
  env: string;
  description: string;
  schema: z.ZodType;
}

const port = z.coerce.number().int().min(0).max(65_535);

export const CONFIG_KEYS = {
  store: {
    env: 'RINGTRACE_STORE',
    description: "Which store to use: 'embedded' (SQLite in dataDir) or 'neo4j'. Default: neo4j when NEO4J_URI is set, else embedded.",
    schema: z.enum(['embedded', 'neo4j']).optional(),
  },
  dataDir: {
    env: 'RINGTRACE_DATA_DIR',
    description: 'Folder of the embedded store (and of the local Neo4j home); several stores can coexist in different folders.',
    schema: z.string().min(1).default('./.ringtrace'),
  },
  neo4jUri: { env: 'NEO4J_URI', description: 'Bolt URI of a Neo4j 5 server (Desktop, Docker neo4j:5, Aura, or `ringtrace neo4j`).', schema: z.string().min(1).optional() },
  neo4jUser: { env: 'NEO4J_USER', description: 'Neo4j user name.', schema: z.string().min(1).default('neo4j') },
  neo4jPassword: { env: 'NEO4J_PASSWORD', description: 'Neo4j password (empty for a server with auth off).', schema: z.string().default('') },
  neo4jDatabase: { env: 'NEO4J_DATABASE', description: 'Neo4j database name (default: the server default).', schema: z.string().min(1).optional() },
  neo4jReadTimeoutMs: {
    env: 'RINGTRACE_NEO4J_READ_TIMEOUT_MS',
    description: 'A Neo4j read (one query, retries included) not answered after this long fails STORE_UNAVAILABLE (the API answers 503) instead of waiting on a slow or restarting server; keep it below requestTimeoutMs.',
    schema: z.coerce.number().int().min(100).default(20_000),
  },
  host: { env: 'RINGTRACE_HOST', description: 'Address the HTTP server binds to.', schema: z.string().min(1).default('127.0.0.1') },
  port: { env: 'RINGTRACE_PORT', description: 'Port of the HTTP server (0 picks a free one).', schema: port.default(8080) },
  schedule: {
    env: 'RINGTRACE_SCHEDULE',
    description: 'Cron expression (croner: five fields, or six with seconds first) for scheduled detection runs inside `serve`, e.g. `0 */6 * * *` (unset: no schedule).',
    schema: z.string().min(1).refine(isCronExpression, 'not a cron expression (five fields, or six with seconds first)').optional(),
  },
  lockLeaseMs: { env: 'RINGTRACE_LOCK_LEASE_MS', description: 'Lease of the store-level detection lock: renewed every third of it while a run lives; a killed run frees the lock this long after its last renewal.', schema: z.coerce.number().int().min(200).default(120_000) },
  alertMinScore: { env: 'RINGTRACE_ALERT_MIN_SCORE', description: 'A new, grown or merged ring scoring at least this raises an alert (and opens a case); see docs/scheduling.md.', schema: z.coerce.number().min(0).max(1).default(0.5) },
  webhookUrl: { env: 'RINGTRACE_WEBHOOK_URL', description: 'Where alerts are POSTed, signed per Standard Webhooks (unset: alerts are listed but not sent).', schema: z.url({ protocol: /^https?$/, error: 'not an http(s) URL' }).optional() },
  webhookSecret: {
    env: 'RINGTRACE_WEBHOOK_SECRET',
    description: 'Signing secret of the webhook, `whsec_` followed by base64 (at least 24 bytes); required with RINGTRACE_WEBHOOK_URL.',
    schema: z.string().refine(isWebhookSecret, 'must be whsec_ followed by base64 of at least 24 bytes (e.g. whsec_ + `openssl rand -base64 32`)').optional(),
  },
  webhookTimeoutMs: { env: 'RINGTRACE_WEBHOOK_TIMEOUT_MS', description: 'One webhook request not answered within this long counts as a failed attempt.', schema: z.coerce.number().int().min(100).default(10_000) },
  webhookMaxAttempts: { env: 'RINGTRACE_WEBHOOK_MAX_ATTEMPTS', description: "Attempts per alert before its delivery is marked 'failed' (kept and visible; `ringtrace alerts deliver --failed` tries again).", schema: z.coerce.number().int().min(1).max(100).default(8) },
  outboxRetentionDays: {
    env: 'RINGTRACE_OUTBOX_RETENTION_DAYS',
    description:
      "Webhook outbox messages in a final state ('sent', 'failed' for good, 'disabled') are deleted this many days after their last state change (`serve` hourly, `ringtrace alerts prune`); pending ones never are, and alerts and cases stay.",
    schema: z.coerce.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').positive('must be a positive number of days').max(36_500, 'must be at most 36500 days').default(30),
  },
  webhookRetryMs: { env: 'RINGTRACE_WEBHOOK_RETRY_MS', description: 'First webhook retry after about this long; each further retry waits twice as long (with jitter, at most an hour).', schema: z.coerce.number().int().min(10).default(5_000) },
  logLevel: { env: 'RINGTRACE_LOG_LEVEL', description: 'pino log level of the server.', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') },
  logFormat: { env: 'RINGTRACE_LOG_FORMAT', description: "Server log format: 'json' (pino lines), 'pretty' (one readable line each), or 'auto' (pretty on a terminal, JSON otherwise).", schema: z.enum(['auto', 'json', 'pretty']).default('auto') },
  bodyLimitBytes: { env: 'RINGTRACE_BODY_LIMIT_BYTES', description: 'Largest JSON request body the HTTP API accepts, in bytes.', schema: z.coerce.number().int().min(1_024).default(100_000) },
  uploadLimitBytes: { env: 'RINGTRACE_UPLOAD_LIMIT_BYTES', description: 'Largest single file of an export upload, in bytes.', schema: z.coerce.number().int().min(1_024).default(2 * 1024 ** 3) },
  uploadTotalLimitBytes: { env: 'RINGTRACE_UPLOAD_TOTAL_LIMIT_BYTES', description: 'Largest export upload in all (every file together), in bytes; a larger announced Content-Length is refused at once.', schema: z.coerce.number().int().min(1_024).default(8 * 1024 ** 3) },
  bodyTimeoutMs: { env: 'RINGTRACE_BODY_TIMEOUT_MS', description: 'A JSON request body not fully received after this long gets 408 and the connection is closed.', schema: z.coerce.number().int().min(100).default(10_000) },
  uploadIdleTimeoutMs: { env: 'RINGTRACE_UPLOAD_IDLE_TIMEOUT_MS', description: 'An export upload that sends no bytes for this long gets 408 and is discarded.', schema: z.coerce.number().int().min(100).default(60_000) },
  requestTimeoutMs: { env: 'RINGTRACE_REQUEST_TIMEOUT_MS', description: 'A request (other than an upload) still unanswered after this long gets 503 TIMEOUT.', schema: z.coerce.number().int().min(100).default(30_000) },
  uploadTimeoutMs: { env: 'RINGTRACE_UPLOAD_TIMEOUT_MS', description: 'Longest time to receive one export upload.', schema: z.coerce.number().int().min(1_000).default(30 * 60_000) },
  rateLimitPerMinute: { env: 'RINGTRACE_RATE_LIMIT_PER_MINUTE', description: 'Requests per minute per API token (per client address before authentication); 0 turns the limit off.', schema: z.coerce.number().int().min(0).default(1_200) },
  shutdownGraceMs: { env: 'RINGTRACE_SHUTDOWN_GRACE_MS', description: 'How long `serve` waits for in-flight requests and jobs on SIGTERM/SIGINT before closing the store anyway.', schema: z.coerce.number().int().min(0).default(15_000) },
  graphNodeLimit: { env: 'RINGTRACE_GRAPH_NODE_LIMIT', description: 'Most nodes a ring subgraph or neighbourhood response may hold (larger requests are capped and flagged truncated).', schema: z.coerce.number().int().min(10).default(2_000) },
  dossierRenders: { env: 'RINGTRACE_DOSSIER_RENDERS', description: 'Dossiers the server renders at once, each in its own worker thread (a render is CPU-bound: more than the cores only slows each down).', schema: z.coerce.number().int().min(1).max(16).default(1) },
  dossierQueue: { env: 'RINGTRACE_DOSSIER_QUEUE', description: 'Dossier requests that may wait for a render worker; one more is answered 503 BUSY with Retry-After.', schema: z.coerce.number().int().min(0).max(1_000).default(4) },
  liaisonPersonalData: {
    env: 'RINGTRACE_LIAISON_PERSONAL_DATA',
    description:
      "What personal data (phones, emails, ID hashes, accounts, devices) a liaison sees: 'members' (of its brands' rings, with their identifiers; masked elsewhere), 'masked' (none, like a viewer) or 'all' (whatever its scope shows).",
    schema: z.enum(['members', 'masked', 'all']).default('members'),
  },
  maskSecret: { env: 'RINGTRACE_MASK_SECRET', description: "Key of the pseudonyms that replace personal data for the viewer role (unset: a random key per process, so pseudonyms change on restart).", schema: z.string().min(16).optional() },
} as const satisfies Record<string, KeySpec>;

type Keys = typeof CONFIG_KEYS;
type Parsed = { [K in keyof Keys]: z.output<Keys[K]['schema']> };

/** The webhook the config names, or null when none is configured. */
export function webhookTarget(config: Pick<Config, 'webhookUrl' | 'webhookSecret' | 'webhookTimeoutMs' | 'webhookMaxAttempts' | 'webhookRetryMs'>): WebhookTarget | null {
  if (config.webhookUrl === undefined || config.webhookSecret === undefined) return null;
  return { url: config.webhookUrl, secret: config.webhookSecret, timeoutMs: config.webhookTimeoutMs, maxAttempts: config.webhookMaxAttempts, retryBaseMs: config.webhookRetryMs };
}

/** What a run's alerts follow: the config's minimum score, and whether a webhook is configured. */
export function alertPolicy(config: Pick<Config, 'alertMinScore' | 'webhookUrl'>): AlertPolicy {
  return { minScore: config.alertMinScore, webhook: config.webhookUrl !== undefined };
}

export interface Config extends Omit<Parsed, 'store'> {
  store: 'embedded' | 'neo4j';
}

/** Builds the config from overrides (CLI flags) over environment variables over defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<keyof Keys, unknown>> = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as Array<[keyof Keys, KeySpec]>) {
    const raw = overrides[key] ?? (env[spec.env] === '' ? undefined : env[spec.env]);
    const result = spec.schema.safeParse(raw);
    if (!result.success) {
      const message = result.error.issues[0]?.message ?? 'invalid';
      throw new EngineError('INVALID_INPUT', `config ${key} (${spec.env}): ${message}`, { details: { field: key } });
    }
    out[key] = result.data;
  }
  const parsed = out as Parsed;
  const store = parsed.store ?? (parsed.neo4jUri ? 'neo4j' : 'embedded');
  if (store === 'neo4j' && !parsed.neo4jUri) {
    throw new EngineError('INVALID_INPUT', 'config neo4jUri (NEO4J_URI): required when the store is neo4j', { details: { field: 'neo4jUri' } });
  }
  if (parsed.webhookUrl !== undefined && parsed.webhookSecret === undefined) {
    throw new EngineError('INVALID_INPUT', 'config webhookSecret (RINGTRACE_WEBHOOK_SECRET): required when RINGTRACE_WEBHOOK_URL is set', { details: { field: 'webhookSecret' } });
  }
  return { ...parsed, store };
}
