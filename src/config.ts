import { z } from 'zod';
import { ConfigError } from './errors.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting, read from the environment once at start-up. A bad value stops start-up
 * with every problem listed at once.
 */
export const ConfigSchema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 0.0.0.0 in a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Redis URL. Unset: 127.0.0.1:6379 if it answers, else a redis-server on PATH is started under ./.data/redis. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key, so several bots (or test runs) share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[\w.:-]+$/).default('sanad'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder with association.yaml, the *.flow.yaml files and knowledge/. */
  FLOWS_DIR: z.string().min(1).default('flows'),
  /** How long a conversation (and a half-filled form) is kept after its last message. */
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24 * 7),
  /** How long a process may hold a conversation (or a reply being delivered) before another takes over after a crash. */
  CONVERSATION_LOCK_SECONDS: z.coerce.number().min(1).max(600).default(30),
  /** Pretty, human-readable logs (default when stdout is a terminal). */
  LOG_PRETTY: bool.optional(),

  /** Telegram bot token from @BotFather; set, the Telegram channel runs. */
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, 'expected a BotFather token like 123456:ABC-def').optional(),
  /** `webhook` (production: Telegram POSTs to /webhooks/telegram) or `polling` (development). Default: webhook when TELEGRAM_WEBHOOK_URL is set, else polling. */
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).optional(),
  /** Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required in webhook mode. */
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[\w-]{16,256}$/, 'expected 16-256 letters, digits, _ or -').optional(),
  /** Public HTTPS URL of /webhooks/telegram; set, the webhook is registered with Telegram at start-up. */
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
  /** Another Bot API server (a local telegram-bot-api, or the tests' fake). */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Webhook mode: replies sent inside webhook answers per second, all processes together (Telegram
   * takes about 30 messages a second from a bot, and refuses an answer's call unseen); the worker
   * sends the rest. 0: never in answers.
   */
  TELEGRAM_ANSWERS_PER_SECOND: z.coerce.number().int().min(0).max(10_000).default(25),
  /** Largest file a beneficiary may send on Telegram that Sanad keeps (the Bot API lets a bot download 20 MB at most); a larger one stays with Telegram. */
  TELEGRAM_MEDIA_MAX_MB: z.coerce.number().positive().max(20).default(10),

  /** Starts the WhatsApp channel (whatsapp-web.js in Chromium; link it by scanning a QR code). */
  WHATSAPP_ENABLED: bool.default(false),
  /** Where the WhatsApp Web session is kept: `local` (files under WHATSAPP_SESSION_DIR) or `redis` (RemoteAuth, for containers without a volume). */
  WHATSAPP_AUTH: z.enum(['local', 'redis']).default('local'),
  /** Folder for the WhatsApp Web browser profile and session. */
  WHATSAPP_SESSION_DIR: z.string().min(1).default('.data/whatsapp'),
  /** How long WhatsApp Web may take to open before the attempt is abandoned and retried. */
  WHATSAPP_INIT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  /** Largest file a beneficiary may send on WhatsApp; larger ones are refused with a message. */
  WHATSAPP_MEDIA_MAX_MB: z.coerce.number().positive().max(100).default(10),
  /** `web` (whatsapp-web.js, a linked phone, QR code) or `cloud` (Meta's official WhatsApp Cloud API, a verified business number). */
  WHATSAPP_PROVIDER: z.enum(['web', 'cloud']).default('web'),
  /** Cloud API: the access token (a permanent system-user token); sent as `Authorization: Bearer`. */
  WHATSAPP_CLOUD_TOKEN: z.string().min(20, 'expected the access token of a system user (a long string)').optional(),
  /** Cloud API: the business phone number's id (digits, from the app's WhatsApp → API Setup page; not the number itself). */
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{5,30}$/, 'expected the phone number id (digits only), not the phone number').optional(),
  /** Cloud API: the Meta app's secret, which signs every webhook (X-Hub-Signature-256). */
  WHATSAPP_APP_SECRET: z.string().min(16, 'expected the app secret from the app dashboard (App settings → Basic)').optional(),
  /** Cloud API: the token Meta's webhook handshake must present (any string you choose, 16+ characters). */
  WHATSAPP_VERIFY_TOKEN: z.string().min(16, 'use at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
  /** Cloud API: the Graph API version in every URL. */
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'expected a version like v23.0').default('v23.0'),
  /** Cloud API: the Graph API server (tests point it at a local fake). */
  WHATSAPP_GRAPH_ROOT: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  /** Cloud API: messages sent per second at most (Meta's default throughput is 80 per number). */
  WHATSAPP_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(80),
  /** The Chromium whatsapp-web.js drives (never downloaded by npm). */
  CHROME_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Start Chromium without its sandbox. Default: only when running as root. The Docker image sets it (containers lack user namespaces). */
  CHROME_NO_SANDBOX: bool.optional(),
  /** Web chat: the page at `/`, the embed script and the self-hosted Direct Line at /v3/directline. */
  WEBCHAT_ENABLED: bool.default(true),
  /** Key that signs web chat tokens (32+ characters). Unset: one is generated once and kept in Redis, so every process agrees. */
  WEBCHAT_TOKEN_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  /** How long a web chat token is valid; the widget refreshes it every 15 minutes while the page is open. */
  WEBCHAT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(3600),
  /** Direct Line secret for server-to-server use (POST /v3/directline/tokens/generate); unset, only /api/webchat/token hands out tokens. */
  WEBCHAT_DIRECTLINE_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  /** The public address of this server (e.g. https://bot.example.org), used in the widget's stream URL and embed.js. Unset: taken from each request's Host. */
  WEBCHAT_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Largest file a beneficiary may upload in the web chat. */
  WEBCHAT_UPLOAD_MAX_MB: z.coerce.number().positive().max(20).default(5),
  /** Azure Bot Service: the bot's app id; with the password, /api/messages accepts Bot Framework traffic (JWT-checked). Unset, /api/messages is off. */
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  /** Azure Bot Service: the bot's client secret. */
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  /** Azure Bot Service: the tenant of a single-tenant bot. */
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  /** Azure Bot Service: `SingleTenant` (default when a tenant is set), `MultiTenant` or `UserAssignedMSI`. */
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional(),

  /** How long a miss (a message the bot did not understand well enough, masked) is kept for review, in days. */
  MISSES_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** The first console admin, created at start-up when no officer has this email (with ADMIN_PASSWORD). */
  ADMIN_EMAIL: z.email().optional(),
  /** The first admin's password (10+ characters); change it in the console afterwards. */
  ADMIN_PASSWORD: z.string().min(10, 'use at least 10 characters').optional(),
  /** When officers answer: `always`, `never`, or days and hours such as `sun-thu 08:00-16:00` (replaces association.yaml's officeHours days and hours; holidays stay). */
  OFFICE_HOURS: z
    .string()
    .regex(/^(always|never|[a-z,-]+ \d{2}:\d{2}-\d{2}:\d{2})$/, 'expected "always", "never" or e.g. "sun-thu 08:00-16:00"')
    .optional(),
  /** Days a closed handoff (its transcript and audit trail) is kept. */
  HANDOFF_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** Minutes a queued beneficiary waits before he is told no officer has answered yet (and may leave a message or go back to the bot). */
  HANDOFF_WAIT_MINUTES: z.coerce.number().positive().max(24 * 60).default(10),
  /** Key signing console session cookies (32+ characters). Unset: one is generated once and kept in Redis. */
  CONSOLE_SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  /** Hours a console session lasts without use. */
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** Failed console logins allowed per email and per address in 15 minutes before 429. */
  CONSOLE_LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): `false` (default: the
   * socket's address), `true` (any), a hop count, or a comma-separated list of proxy IPs / CIDRs.
   * Limits per address count the address this yields.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /** Web chat tokens (and Direct Line conversations started) per client address per hour. */
  LIMIT_TOKENS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Messages (and other activities) per conversation per minute; beyond it the chat answers "please slow down". */
  LIMIT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Files a web chat conversation may upload per hour. */
  LIMIT_UPLOADS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
  /** Failed request-status look-ups per conversation, and per national ID, per day; then an officer is offered. */
  LIMIT_STATUS_FAILURES_PER_DAY: z.coerce.number().int().min(1).max(1000).default(5),
  /** Failed admin logins per client address per 15 minutes. */
  LIMIT_ADMIN_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),

  /** How often the retention job erases records past their retention (`retention` in flows/association.yaml). */
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),

  /** Satisfaction surveys after a service (an officer's closed chat, a decided request, a sampled bot task). */
  SURVEYS_ENABLED: bool.default(true),
  /** How long after the service the survey is sent. */
  SURVEY_DELAY_MS: z.coerce.number().int().min(0).max(7 * 24 * 3600_000).default(10 * 60_000),
  /** Riyadh hours when no survey is sent (`22:00-08:00`; `off` for none): a survey due then waits until the window ends. */
  SURVEY_QUIET_HOURS: z
    .string()
    .regex(/^(off|\d{2}:\d{2}-\d{2}:\d{2})$/, 'expected "off" or a window such as "22:00-08:00"')
    .default('22:00-08:00'),
  /** One reminder this long after an unanswered survey was sent; 0 for none. */
  SURVEY_REMINDER_MS: z.coerce.number().int().min(0).max(30 * 24 * 3600_000).default(24 * 3600_000),
  /** Days after it was sent that an unanswered survey closes (and a late answer is thanked, not counted). */
  SURVEY_EXPIRY_DAYS: z.coerce.number().positive().max(365).default(7),
  /** How often a survey waiting for the beneficiary (with an officer, in a form) looks again. */
  SURVEY_RETRY_MS: z.coerce.number().int().min(10).max(24 * 3600_000).default(5 * 60_000),
  /** Bot-only tasks surveyed: 1 in N (deterministic per service); 0 for none. */
  SURVEY_BOT_SAMPLE: z.coerce.number().int().min(0).max(1_000_000).default(5),
  /** The bot tasks that count as done well (`flow:end-step`, comma separated); a declined consent or a contact answer is not among them. */
  SURVEY_BOT_OUTCOMES: z
    .string()
    .regex(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*:[a-z][a-z0-9-]*)*$/, 'expected e.g. "support-request:submitted,complaint:recorded"')
    .default('support-request:submitted,complaint:recorded,update-data:done,request-status:show'),

  /** Token for the admin pages (e.g. /admin/whatsapp to scan the QR code); unset, they are off. */
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
}).superRefine(requireCloudSettings, {
  // Runs even when other settings are wrong, so every problem is listed at once.
  when: () => true,
});

/** The Cloud API settings WhatsApp cannot start without when `WHATSAPP_PROVIDER=cloud`. */
const CLOUD_REQUIRED = {
  WHATSAPP_CLOUD_TOKEN: 'the access token (WhatsApp → API Setup, or a permanent system-user token)',
  WHATSAPP_PHONE_NUMBER_ID: 'the phone number id (WhatsApp → API Setup)',
  WHATSAPP_APP_SECRET: 'the app secret (App settings → Basic), to check webhook signatures',
  WHATSAPP_VERIFY_TOKEN: 'the webhook verify token you give Meta (e.g. `openssl rand -hex 24`)',
} as const;

function requireCloudSettings(c: Record<string, unknown>, ctx: z.RefinementCtx): void {
  // Values are the parsed ones where they parsed, the raw strings where they did not.
  const enabled = c.WHATSAPP_ENABLED === true || c.WHATSAPP_ENABLED === 'true';
  if (!enabled || c.WHATSAPP_PROVIDER !== 'cloud') return;
  for (const [name, what] of Object.entries(CLOUD_REQUIRED)) {
    if (c[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `required with WHATSAPP_PROVIDER=cloud: ${what}` });
  }
}
export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(clean);
  if (!parsed.success) throw new ConfigError(z.prettifyError(parsed.error));
  if (parsed.data.ADMIN_EMAIL && !parsed.data.ADMIN_PASSWORD) throw new ConfigError('ADMIN_EMAIL is set without ADMIN_PASSWORD: set both to create the first console admin');
  return Object.freeze(parsed.data);
}
