/**
 * Every error code Sanad gives, in one place (Fastify keeps its `FST_ERR_*` this way): what it
 * means, the HTTP status where it answers a request, and what a person does about it.
 * README.md's "Errors" table is this list, row for row (`test/house/errors.test.ts` compares them),
 * so an operator can search a code from a log line or a response body and find the fix.
 */
export interface ErrorEntry {
  /** The HTTP status a request refused with this code is answered with. */
  readonly status?: number;
  /** What happened, for the README table (Markdown). */
  readonly meaning: string;
  /** What to do about it (Markdown). */
  readonly action: string;
}

export const ERROR_CATALOGUE = {
  // ---- start-up and operations ------------------------------------------------
  SANAD_ERR_CONFIG: {
    meaning: 'an environment variable has a bad value',
    action: 'the message lists each; fix and restart',
  },
  SANAD_ERR_FLOW_FILE: {
    meaning: 'a flow, profile or knowledge file is wrong',
    action: 'the message names file, place and expectation',
  },
  SANAD_ERR_REDIS: {
    meaning: 'no Redis could be reached or started',
    action: 'set `REDIS_URL`, start Redis, or install `redis-server`',
  },
  SANAD_ERR_REDIS_DOWN: {
    status: 503,
    meaning: 'Redis is away right now: nothing was kept (the Telegram webhook answers so too, and Telegram sends the update again)',
    action: 'nothing: try again in a few seconds; check Redis if it lasts',
  },
  SANAD_ERR_ACTION: {
    meaning: 'a flow names an unknown action, or an action failed',
    action: "check the flow's `action:` names",
  },
  SANAD_ERR_NO_CHANNEL: {
    meaning: 'a reply for a channel that is not running',
    action: 'enable the channel',
  },
  SANAD_ERR_NO_BENEFICIARY: {
    meaning: 'a change to a beneficiary who is not on record (by national ID)',
    action: 'check the national ID; a beneficiary is recorded by a support request first',
  },
  SANAD_ERR_NO_REQUEST: {
    status: 404,
    meaning: 'a request reference that does not exist (the desk, its API, a status change)',
    action: 'check the reference (`SR-2026-000042`)',
  },
  SANAD_ERR_REQUEST_STATUS: {
    status: 409,
    meaning: "a status change the request's lifecycle does not allow (a decided request is final)",
    action: 'the message says which statuses it may move to',
  },
  SANAD_ERR_MISS: {
    meaning: '`npm run -s misses -- assign` with an id that is not (or no longer) a miss, or a topic the knowledge base does not have',
    action: '`npm run -s misses` lists the ids; the message lists the topics',
  },

  // ---- any HTTP request ---------------------------------------------------------
  SANAD_ERR_REQUEST: {
    meaning: "a request refused that no other code covers: malformed, wrong content type, too large (the 4xx says which; Fastify's own `FST_ERR_*` code is given where it has one)",
    action: 'the message says what was wrong',
  },
  SANAD_ERR_INTERNAL: {
    status: 500,
    meaning: 'a fault inside Sanad while answering a request',
    action: 'the log line `request failed` holds the cause; report it',
  },
  SANAD_ERR_RATE_LIMIT: {
    status: 429,
    meaning: 'a limit reached: web chat tokens from one address, activities or uploads in one conversation, failed admin logins; the answer has `Retry-After`',
    action: 'wait the seconds `Retry-After` gives; each limit is a `LIMIT_*` setting',
  },

  // ---- web chat -----------------------------------------------------------------
  SANAD_ERR_WEBCHAT_NO_TOKEN: {
    status: 401,
    meaning: 'a Direct Line call without `Authorization: Bearer`',
    action: 'get a token from `POST /api/webchat/token`',
  },
  SANAD_ERR_WEBCHAT_TOKEN: {
    status: 403,
    meaning: 'a web chat token that is forged, expired or of the wrong kind',
    action: 'the page gets a new one by itself; a server uses a fresh token',
  },
  SANAD_ERR_WEBCHAT_FORBIDDEN: {
    status: 403,
    meaning: 'a token used on another conversation than its own',
    action: 'nothing: it is refused',
  },
  SANAD_ERR_WEBCHAT_NO_CONVERSATION: {
    status: 404,
    meaning: 'an unknown or expired conversation',
    action: 'start a new one (the page does)',
  },
  SANAD_ERR_WEBCHAT_ACTIVITY: {
    status: 400,
    meaning: 'an activity (Direct Line or `/api/messages`) with the wrong shape',
    action: 'the message says which field',
  },
  SANAD_ERR_WEBCHAT_TOKEN_REQUEST: {
    status: 400,
    meaning: 'a `POST /api/webchat/token` body other than `{}` or `{"locale": "ar-SA"}`',
    action: 'send `{}`, or a locale',
  },
  SANAD_ERR_WEBCHAT_FULL: {
    status: 429,
    meaning: 'a conversation with 5,000 activities',
    action: 'start a new one',
  },
  SANAD_ERR_WEBCHAT_UPLOAD: {
    status: 400,
    meaning: 'an upload that is not multipart (or unreadable: no boundary, cut short), holds no file, an empty file, or an `activity` part that is not JSON',
    action: 'send one photo or PDF',
  },
  SANAD_ERR_WEBCHAT_TOO_MANY_FILES: {
    status: 413,
    meaning: 'an upload of more than 4 files',
    action: 'send at most 4 files at once',
  },
  SANAD_ERR_WEBCHAT_FILE_TYPE: {
    status: 415,
    meaning: 'an uploaded file that is not a photo or a PDF',
    action: 'send a photo or a PDF',
  },
  SANAD_ERR_WEBCHAT_FILE_SIZE: {
    status: 413,
    meaning: 'an uploaded file over `WEBCHAT_UPLOAD_MAX_MB`',
    action: 'send a smaller file, or raise the limit',
  },
  SANAD_ERR_WEBCHAT_NO_FILE: {
    status: 404,
    meaning: 'a file link for a file that does not exist in that conversation',
    action: 'nothing',
  },
  SANAD_ERR_WEBCHAT_UPLOAD_NOT_ASKED: {
    status: 409,
    meaning: 'an upload while no question of a form asks for a document',
    action: 'send the file when the form asks for it',
  },
  SANAD_ERR_WEBCHAT_BUNDLE: {
    status: 503,
    meaning: '`public/vendor/webchat.js` is missing',
    action: '`npm install` with dev dependencies, or `npm run webchat:bundle`',
  },
  SANAD_ERR_WEBCHAT_AZURE_AUTH: {
    status: 401,
    meaning: '`/api/messages` without a valid Bot Framework token',
    action: 'only Azure should call it',
  },
  SANAD_ERR_WEBCHAT_AZURE_UNREACHABLE: {
    status: 503,
    meaning: "`/api/messages` whose Bot Framework token could not be checked: Microsoft's key endpoint is unreachable",
    action: 'nothing: Azure retries; check outbound HTTPS if it lasts',
  },
  SANAD_ERR_WEBCHAT_NO_AZURE: {
    meaning: 'a reply for an Azure conversation while Azure Bot Service is not configured (the delivery is retried)',
    action: 'set `MICROSOFT_APP_ID` and `MICROSOFT_APP_PASSWORD` again and restart',
  },
  SANAD_ERR_WEBCHAT_NO_ADDRESS: {
    meaning: 'a web chat turn without its conversation (a fault in the web chat adapter)',
    action: 'report it, with the log line',
  },
  SANAD_ERR_WEBCHAT_UNSUPPORTED: {
    meaning: 'the bot asked the web chat to edit or delete a sent activity, which it does not do',
    action: 'send a new message instead',
  },
  SANAD_ERR_WEBCHAT_SECRET: {
    meaning: 'the generated web chat token secret could not be stored in Redis',
    action: 'check that Redis accepts writes, or set `WEBCHAT_TOKEN_SECRET`',
  },

  // ---- Telegram -----------------------------------------------------------------
  SANAD_ERR_TELEGRAM_NO_SECRET: {
    status: 401,
    meaning: 'a call to `/webhooks/telegram` without the secret header',
    action: 'only Telegram should call it; re-register with `TELEGRAM_WEBHOOK_URL`',
  },
  SANAD_ERR_TELEGRAM_SECRET: {
    status: 403,
    meaning: 'a call to `/webhooks/telegram` with a wrong secret header',
    action: 'only Telegram should call it; re-register with `TELEGRAM_WEBHOOK_URL`',
  },
  SANAD_ERR_TELEGRAM_UPDATE: {
    status: 400,
    meaning: 'the webhook body is not a Telegram update',
    action: 'nothing: Sanad answers 400 and goes on',
  },

  // ---- delivery -----------------------------------------------------------------
  SANAD_ERR_DELIVERY_REFUSED: {
    meaning: 'the platform refused a reply for good (failed job reason)',
    action: 'the user blocked the bot or the chat is gone',
  },
  SANAD_ERR_DELIVERY_LATER: {
    meaning: 'a reply postponed (rate limit, WhatsApp not linked)',
    action: 'nothing: it is retried',
  },

  // ---- WhatsApp (whatsapp-web.js, then the Cloud API) -----------------------------
  SANAD_ERR_ADMIN_AUTH: {
    status: 401,
    meaning: 'an admin page without the right `ADMIN_TOKEN`',
    action: 'give the token as the Basic password or a Bearer token',
  },
  SANAD_ERR_NO_QR: {
    status: 404,
    meaning: '`/admin/whatsapp/qr.svg` with no code to scan; the body says the state',
    action: 'already linked, or still starting',
  },
  SANAD_ERR_WHATSAPP_NO_SIGNATURE: {
    status: 401,
    meaning: 'a call to `/webhooks/whatsapp` without `X-Hub-Signature-256`',
    action: "only Meta should call it; check `WHATSAPP_APP_SECRET` is the app's secret",
  },
  SANAD_ERR_WHATSAPP_SIGNATURE: {
    status: 403,
    meaning: 'a call to `/webhooks/whatsapp` with a wrong `X-Hub-Signature-256`',
    action: "only Meta should call it; check `WHATSAPP_APP_SECRET` is the app's secret",
  },
  SANAD_ERR_WHATSAPP_VERIFY: {
    status: 403,
    meaning: "Meta's webhook handshake with a wrong verify token",
    action: 'give Meta the same `WHATSAPP_VERIFY_TOKEN`',
  },
  SANAD_ERR_WHATSAPP_PAYLOAD: {
    status: 400,
    meaning: 'a signed webhook body that is not a WhatsApp notification',
    action: 'nothing: Sanad answers 400 and goes on',
  },
  SANAD_ERR_WHATSAPP_BUSY: {
    status: 503,
    meaning: 'a webhook that could not be taken (Redis down)',
    action: 'nothing: Meta sends it again',
  },
  SANAD_ERR_WHATSAPP_GRAPH: {
    meaning: "a Graph API call failed (the message has Meta's code)",
    action: 'see the code in Meta\'s "Cloud API error codes"',
  },
  SANAD_ERR_WHATSAPP_TOKEN: {
    meaning: 'Meta refused the access token (190: expired or revoked)',
    action: 'make a new system-user token, set `WHATSAPP_CLOUD_TOKEN`, restart',
  },
  SANAD_ERR_WHATSAPP_HELD: {
    meaning: 'a message WhatsApp would not take outside the 24-hour window, with no approved template (log line)',
    action: "submit the notice's template, list it in `flows/whatsapp-templates.yaml`; the officers see the held message",
  },
  SANAD_ERR_WHATSAPP_START: {
    meaning: 'WhatsApp Web did not start within `WHATSAPP_INIT_TIMEOUT_SECONDS` (it is tried again)',
    action: 'check that Chromium runs (`CHROME_PATH`), or raise the timeout on a slow machine',
  },

  // ---- officers' console ----------------------------------------------------------
  SANAD_ERR_CONSOLE_AUTH: {
    status: 401,
    meaning: 'a console or `/api/handoffs` request without a session (never signed in, signed out, session expired, or the officer was disabled)',
    action: 'sign in: `POST /api/auth/login {"email", "password"}` or `/console/login`',
  },
  SANAD_ERR_CONSOLE_LOGIN: {
    status: 401,
    meaning: 'a console login with a wrong email or password, or a disabled account',
    action: 'check both; an admin resets a forgotten password',
  },
  SANAD_ERR_CONSOLE_RATE: {
    status: 429,
    meaning: 'more failed logins for one email or one address than `CONSOLE_LOGIN_ATTEMPTS` in 15 minutes',
    action: 'wait 15 minutes, or ask an admin to reset the password',
  },
  SANAD_ERR_CONSOLE_FORBIDDEN: {
    status: 403,
    meaning: "a console action the officer's role does not allow (managing accounts needs admin; another officer's chat needs supervisor)",
    action: 'ask an admin or a supervisor',
  },
  SANAD_ERR_CONSOLE_NOT_FOUND: {
    status: 404,
    meaning: 'an unknown handoff, officer, file or miss in the console API (a miss assigned or dismissed already, or expired)',
    action: 'check the id (`GET /api/handoffs?status=…` and `GET /api/misses` list them)',
  },
  SANAD_ERR_CONSOLE_REQUEST: {
    status: 400,
    meaning: 'a console API body or query of the wrong shape, or naming a topic the knowledge base does not have',
    action: 'the message gives the expected body',
  },
  SANAD_ERR_CONSOLE_CONFLICT: {
    status: 409,
    meaning: 'a handoff action that no longer fits: the chat was taken by another officer, or is closed; or a miss assigned while the knowledge base files do not load (nothing is added)',
    action: 'reload the queue; for a miss, fix the knowledge file the message names',
  },
  SANAD_ERR_OFFICER_TAKEN: {
    status: 409,
    meaning: 'an officer account with that email exists already',
    action: 'use another email, or change the existing account',
  },
  SANAD_ERR_OFFICER_INVALID: {
    status: 400,
    meaning: 'an officer password shorter than 10 characters',
    action: 'choose a longer password',
  },
  SANAD_ERR_NO_OFFICER: {
    status: 404,
    meaning: 'a change to an officer account that does not exist',
    action: 'check the id (`GET /api/officers`)',
  },
} as const satisfies Record<`SANAD_ERR_${string}`, ErrorEntry>;

/** A code from the catalogue; any other string fails the type check. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The HTTP status of a code, where it answers a request. */
export function statusOf(code: ErrorCode): number | undefined {
  return (ERROR_CATALOGUE[code] as ErrorEntry | undefined)?.status;
}

/** The README's Errors table row for a code (the README holds these rows, in this order). */
export function readmeRow(code: ErrorCode): string {
  const e: ErrorEntry = ERROR_CATALOGUE[code];
  return `| \`${code}\` | ${e.meaning}${e.status ? ` (${e.status})` : ''} | ${e.action} |`;
}
