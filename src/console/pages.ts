import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentStore } from '../store/attachments.js';
import { z } from 'zod';
import { Availability, hasRole, type Officer, type OfficerRepository } from '../domain/officers.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import type { RequestRepository } from '../domain/requests.js';
import { sessionOfficer } from './auth.js';
import type { Assist } from './assist.js';
import type { Desk } from './desk.js';
import { ConsoleError } from './errors.js';
import { CONSOLE_CSP, layout, tr, type Lang } from './html.js';
import type { LiveFeed } from './live.js';
import { conversationView, loginView, queueFragment, queueView, transcriptFragment, type ConversationData } from './views.js';

export interface PageOptions {
  desk: Desk;
  officers: OfficerRepository;
  feed: LiveFeed;
  redis: Redis;
  keys: Keys;
  /** Folder with console.js and console.css (the repository's `public/console`). */
  assetsDir: string;
  login(req: FastifyRequest, email: string, password: string): Promise<Officer>;
  /** Canned replies and the knowledge base's suggestion, where configured. */
  assist?: Assist | undefined;
  /** The support requests filed from a conversation (and so the beneficiary's record). */
  requests?: RequestRepository | undefined;
  /** Supervisors' line on the queue: the satisfaction report, and how many recent low ratings await a look. */
  supervisorNotice?: (lang: Lang) => Promise<string>;
}

const Form = z.record(z.string(), z.string());

/**
 * The console's pages: server-rendered HTML that works before any script runs (plain forms,
 * POST then redirect), with one small script for the live parts (server-sent events).
 */
export function consolePages(app: FastifyInstance, o: PageOptions): PageKit {
  // Form posts: a plain parser, no extra dependency.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const asset = (name: string, type: string) => {
    const body = readFileSync(join(o.assetsDir, name));
    return { body, type, version: createHash('sha1').update(body).digest('hex').slice(0, 10) };
  };
  const css = asset('console.css', 'text/css; charset=utf-8');
  const js = asset('console.js', 'application/javascript; charset=utf-8');
  for (const [path, a] of [['/console/assets/console.css', css], ['/console/assets/console.js', js]] as const) {
    app.get(path, { logLevel: 'warn' }, (_req, reply) => reply.type(a.type).header('cache-control', 'public, max-age=31536000, immutable').send(a.body));
  }

  const langOf = (req: FastifyRequest): Lang => {
    const q = (req.query as { lang?: string }).lang;
    if (q === 'ar' || q === 'en') req.session.lang = q;
    return req.session.lang ?? 'ar';
  };
  const html = (reply: FastifyReply, status: number, page: Parameters<typeof layout>[0]) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CONSOLE_CSP)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      // Supervisors' links in the navigation, for whoever `signedIn` let in.
      .send(layout(page.officer && reply.request.officer ? { ...page, officer: { ...page.officer, supervisor: hasRole(reply.request.officer.role, 'supervisor') } } : page));
  const frame = { css: `/console/assets/console.css?v=${css.version}`, js: `/console/assets/console.js?v=${js.version}` };

  /** The signed-in officer, or a redirect to the login page. */
  const signedIn = async (req: FastifyRequest, reply: FastifyReply): Promise<Officer | undefined> => {
    const id = req.session.officerId;
    const officer = await sessionOfficer(req, o.officers);
    if (officer && !officer.disabled) {
      req.officer = officer;
      return officer;
    }
    if (id) await req.session.destroy();
    void reply.redirect('/console/login', 303);
    return undefined;
  };

  app.get('/console/login', async (req, reply) => {
    const lang = langOf(req);
    const error = (req.query as { error?: string }).error;
    return html(reply, error ? 401 : 200, { ...frame, lang, title: tr(lang, 'loginTitle'), page: 'login', body: loginView(lang, reply.generateCsrf(), error === 'limited' ? 'limited' : error ? 'failed' : undefined) });
  });
  app.post('/console/login', { preHandler: app.csrfProtection }, async (req, reply) => {
    const body = Form.safeParse(req.body);
    try {
      await o.login(req, body.data?.email ?? '', body.data?.password ?? '');
      return reply.redirect('/console', 303);
    } catch (err) {
      if (err instanceof ConsoleError) return reply.redirect(`/console/login?error=${err.statusCode === 429 ? 'limited' : 'failed'}`, 303);
      throw err;
    }
  });
  app.post('/console/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    if (req.session.officerId) await req.session.destroy();
    return reply.redirect('/console/login', 303);
  });

  const queueParts = async (lang: Lang, me: Officer) => {
    const [notice, { waiting, active }] = await Promise.all([o.supervisorNotice && hasRole(me.role, 'supervisor') ? o.supervisorNotice(lang) : '', o.desk.queue(500)]);
    return `${notice}${queueFragment(lang, waiting, active, Date.now())}`;
  };
  app.get('/console', async (req, reply) => {
    const me = await signedIn(req, reply);
    if (!me) return reply;
    const lang = langOf(req);
    const csrf = reply.generateCsrf();
    return html(reply, 200, { ...frame, lang, title: tr(lang, 'title'), page: 'queue', officer: { name: me.name, csrf }, body: queueView(lang, me, csrf, await queueParts(lang, me)) });
  });
  // The live parts, for the script to swap in (same HTML as in the page).
  app.get('/console/fragments/queue', async (req, reply) => {
    const me = await signedIn(req, reply);
    if (!me) return reply;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await queueParts(langOf(req), me));
  });
  // The live feed: `?handoff=` for a conversation page; Last-Event-ID when the browser reconnects.
  app.get('/console/events', async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const handoff = (req.query as { handoff?: unknown }).handoff;
    const last = req.headers['last-event-id'];
    reply.hijack();
    await o.feed.add(reply.raw, {
      ...(typeof handoff === 'string' && /^[0-9a-f]{16}$/.test(handoff) ? { handoff } : {}),
      ...(typeof last === 'string' ? { lastEventId: last.slice(0, 40) } : {}),
    });
  });
  app.post('/console/availability', { preHandler: app.csrfProtection }, async (req, reply) => {
    const me = await signedIn(req, reply);
    if (!me) return reply;
    const body = z.object({ availability: Availability }).safeParse(req.body);
    if (body.success) await o.desk.setAvailability(me, body.data.availability);
    return reply.redirect('/console', 303);
  });

  const conversation = async (id: string, lang: Lang): Promise<ConversationData> => {
    // The officer reads the page in `lang`; what he sends is in the beneficiary's language.
    const officers = await o.officers.list();
    const item = await o.desk.detail(id);
    const last = [...item.messages].reverse().find((m) => m.from === 'beneficiary')?.text;
    const requests = (await o.requests?.listByConversation({ channel: item.channel, address: item.address })) ?? [];
    return {
      item,
      requests,
      officers,
      names: new Map(officers.map((x) => [x.id, x.name])),
      suggestion: o.assist?.suggest(last, item.locale),
      canned: o.assist?.canned(item.locale, lang) ?? [],
    };
  };
  app.get('/console/handoffs/:id', async (req, reply) => {
    const me = await signedIn(req, reply);
    if (!me) return reply;
    const lang = langOf(req);
    const { id } = req.params as { id: string };
    const error = (req.query as { error?: string }).error;
    const messages: Record<string, 'conflict' | 'forbidden' | 'badRequest'> = { '409': 'conflict', '403': 'forbidden', '400': 'badRequest' };
    const data = await conversation(id, lang);
    return html(reply, 200, {
      ...frame,
      lang,
      title: `${tr(lang, 'conversation')} · ${tr(lang, 'title')}`,
      page: 'conversation',
      handoff: id,
      officer: { name: me.name, csrf: reply.generateCsrf() },
      body: conversationView(lang, me, reply.generateCsrf(), data, error && messages[error] ? tr(lang, messages[error]) : undefined),
    });
  });
  app.get('/console/fragments/handoffs/:id', async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const lang = langOf(req);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(transcriptFragment(lang, await conversation((req.params as { id: string }).id, lang)));
  });

  // The one attachment store every channel writes (web chat uploads, WhatsApp media, Telegram files); ttl unused: it only reads.
  const files = new AttachmentStore(o.redis, o.keys, 0);
  app.get('/console/handoffs/:id/files/:line/:n', async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const p = req.params as { id: string; line: string; n: string };
    const detail = await o.desk.detail(p.id);
    const file = detail.messages[Number(p.line)]?.attachments?.[Number(p.n)];
    const storageKey = file?.storageKey;
    // Files the channels keep; a Telegram file too large to keep stays with Telegram (no link to it is shown).
    const stored = storageKey ? await files.load(storageKey) : undefined;
    if (!stored) throw new ConsoleError('SANAD_ERR_CONSOLE_NOT_FOUND', 'no such file (it may have expired, or it stays on the platform)');
    const type = stored.mimeType;
    const safe = /^(image\/(jpeg|png|webp|gif|heic)|application\/pdf|audio\/\w+|video\/\w+)$/.test(type) ? type : 'application/octet-stream';
    return reply
      .type(safe)
      .header('content-disposition', 'inline')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .header('cache-control', 'no-store')
      .send(stored.bytes);
  });

  /** A form's action: done, then back to the page (with the reason when it could not be done). */
  const act = (name: string, run: (id: string, me: Officer, body: Record<string, string>) => Promise<unknown>, after?: (id: string) => string) => {
    app.post(`/console/handoffs/:id/${name}`, { preHandler: app.csrfProtection }, async (req, reply) => {
      const me = await signedIn(req, reply);
      if (!me) return reply;
      const { id } = req.params as { id: string };
      const body = Form.safeParse(req.body ?? {});
      try {
        await run(id, me, body.success ? body.data : {});
      } catch (err) {
        if (err instanceof ConsoleError && err.statusCode !== 404) return reply.redirect(`/console/handoffs/${encodeURIComponent(id)}?error=${err.statusCode}`, 303);
        throw err;
      }
      return reply.redirect(after ? after(id) : `/console/handoffs/${encodeURIComponent(id)}`, 303);
    });
  };
  act('claim', (id, me) => o.desk.claim(id, me));
  act('reply', (id, me, b) => o.desk.reply(id, me, b.text ?? ''));
  act('note', (id, me, b) => o.desk.note(id, me, b.text ?? ''));
  act('release', (id, me) => o.desk.release(id, me), () => '/console');
  act('transfer', (id, me, b) => o.desk.transfer(id, me, b.officerId ?? ''), () => '/console');
  act('close', (id, me) => o.desk.close(id, me), () => '/console');
  return { html, frame, signedIn, langOf };
}

/** What other console pages (the requests desk) share with these: the page frame, the sign-in check, the language. */
export interface PageKit {
  html(reply: FastifyReply, status: number, page: Parameters<typeof layout>[0]): FastifyReply;
  frame: { css: string; js: string };
  signedIn(req: FastifyRequest, reply: FastifyReply): Promise<Officer | undefined>;
  langOf(req: FastifyRequest): Lang;
}
