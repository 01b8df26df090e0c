import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hasRole, type Officer } from '../domain/officers.js';
import { OUT_OF_SCOPE_ID } from '../knowledge/schema.js';
import { ConsoleError } from './errors.js';
import type { Lang } from './html.js';
import type { MissesDesk } from './misses-desk.js';
import { mt, missTexts } from './misses-texts.js';
import { missesView } from './misses-view.js';
import { consoleTexts } from './texts.js';
import type { PageKit } from './pages.js';

const Form = z.record(z.string(), z.string());
const Query = z.object({ done: z.enum(['assigned', 'assigned-later', 'dismissed']).optional().catch(undefined), topic: z.string().max(100).optional().catch(undefined), error: z.enum(['400', '404', '409']).optional().catch(undefined) });
const errors = { '400': 'badTopic', '404': 'notFound', '409': 'brokenKnowledge' } as const;

/**
 * `/console/misses` for supervisors and admins: the messages the bot did not understand, newest
 * first, each with a topic chooser (one click adds it as an example and the running matcher
 * learns it) and a dismiss button; plain forms with CSRF, POST then redirect.
 */
export function missesPages(app: FastifyInstance, kit: PageKit, desk: MissesDesk): void {
  const send = (reply: FastifyReply, status: number, lang: Lang, me: Officer, body: string) =>
    kit.html(reply, status, { ...kit.frame, lang, title: `${missTexts.title[lang]} · ${consoleTexts.title[lang]}`, page: 'misses', officer: { name: me.name, csrf: reply.generateCsrf() }, body });
  const refused = (reply: FastifyReply, lang: Lang, me: Officer) => send(reply, 403, lang, me, `<h1>${mt(lang, 'title')}</h1><p class="error" role="alert">${mt(lang, 'forbidden')}</p>`);

  app.get('/console/misses', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    if (!hasRole(me.role, 'supervisor')) return refused(reply, lang, me);
    const q = Query.parse(req.query ?? {});
    const topics = desk.topics();
    const name = q.topic === OUT_OF_SCOPE_ID ? missTexts.outOfScope[lang] : (topics.find((t) => t.id === q.topic)?.label[lang] ?? q.topic ?? '');
    const flash = q.error ? { ok: false, text: mt(lang, errors[q.error]) } : q.done ? { ok: true, text: mt(lang, q.done === 'dismissed' ? 'dismissed' : q.done === 'assigned' ? 'assigned' : 'assignedLater', { topic: name }) } : undefined;
    return send(reply, 200, lang, me, missesView(lang, { misses: await desk.list(), topics, retentionDays: desk.retentionDays, csrf: reply.generateCsrf(), flash }));
  });

  /** A form's action on one miss: done, then back to the list with what happened (or why not). */
  const act = (name: 'assign' | 'dismiss', run: (id: string, me: Officer, form: Record<string, string>) => Promise<string>) => {
    app.post(`/console/misses/:id/${name}`, { preHandler: app.csrfProtection }, async (req, reply) => {
      const me = await kit.signedIn(req, reply);
      if (!me) return reply;
      if (!hasRole(me.role, 'supervisor')) return refused(reply, kit.langOf(req), me);
      const form = Form.safeParse(req.body ?? {});
      try {
        return reply.redirect(`/console/misses?${await run((req.params as { id: string }).id, me, form.success ? form.data : {})}`, 303);
      } catch (err) {
        if (err instanceof ConsoleError && err.statusCode && err.statusCode in errors) return reply.redirect(`/console/misses?error=${err.statusCode}`, 303);
        throw err;
      }
    });
  };
  act('assign', async (id, me, form) => {
    const r = await desk.assign(id, form.topic ?? '', me);
    return new URLSearchParams({ done: r.retrained ? 'assigned' : 'assigned-later', topic: r.topic }).toString();
  });
  act('dismiss', async (id, me) => {
    await desk.dismiss(id, me);
    return 'done=dismissed';
  });
}
