import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { RESP_TYPES } from 'redis';
import { z } from 'zod';
import { hasRole, type OfficerRepository } from '../domain/officers.js';
import { RequestStatus } from '../domain/request-lifecycle.js';
import { SanadError } from '../errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';
import { ConsoleError } from './errors.js';
import type { PageKit } from './pages.js';
import type { RequestsDesk } from './requests-desk.js';
import { dt } from './requests-texts.js';
import { checkRecordedRequest } from './request-form.js';
import { requestFormView } from './request-form-view.js';
import { committeeView, filesOf, requestsListView, requestView } from './requests-views.js';

const Form = z.record(z.string(), z.string());
const Query = z.object({ status: RequestStatus.optional().catch(undefined), q: z.string().max(100).optional().catch(undefined), done: z.string().optional(), error: z.string().optional() });
const REF = /^SR-\d{4}-\d{6}$/;

/**
 * The requests desk's pages at `/console/requests`: the list with counts and search, the
 * committee's view (supervisors), a request's page with its status and researcher forms (plain
 * forms with CSRF, POST then redirect), and its files.
 */
export function requestsPages(app: FastifyInstance, o: { kit: PageKit; desk: RequestsDesk; officers: OfficerRepository; redis: Redis; keys: Keys }): void {
  const { kit, desk } = o;
  const page = (lang: 'ar' | 'en', title: string, csrf: string, me: { name: string }, body: string) => ({ ...kit.frame, lang, title: `${title} · ${dt(lang, 'requests')}`, page: 'requests', officer: { name: me.name, csrf }, body });

  app.get('/console/requests', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    const q = Query.parse(req.query ?? {});
    const [found, counts] = await Promise.all([desk.find(q.status, q.q), desk.requests.countByStatus()]);
    const body = requestsListView(lang, { me, items: found.map((r) => desk.item(r, me)), counts, ...(q.status ? { status: q.status } : {}), ...(q.q ? { q: q.q } : {}), profile: desk.o.ctx.profile, slaDays: desk.slaDays });
    return kit.html(reply, 200, page(lang, dt(lang, 'requests'), reply.generateCsrf(), me, body));
  });

  app.get('/console/requests/committee', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    if (!hasRole(me.role, 'supervisor')) return kit.html(reply, 403, page(lang, dt(lang, 'committee'), reply.generateCsrf(), me, `<p class="error" role="alert">${dt(lang, 'forbidden')}</p>`));
    return kit.html(reply, 200, page(lang, dt(lang, 'committee'), reply.generateCsrf(), me, committeeView(lang, await desk.committee(me), desk.o.ctx.profile, desk.slaDays)));
  });

  app.get('/console/requests/new', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    return kit.html(reply, 200, page(lang, dt(lang, 'newRequest'), reply.generateCsrf(), me, requestFormView(lang, reply.generateCsrf(), desk.o.ctx.profile)));
  });
  app.post('/console/requests/new', { preHandler: app.csrfProtection }, async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    const form = Form.safeParse(req.body ?? {});
    const values = form.success ? form.data : {};
    // formId: one per rendered form, so a form sent twice (a double click, a reload) files one request.
    const { _csrf: _ignored, acknowledged, formId, ...fields } = values;
    const checked = checkRecordedRequest(desk.o.ctx, { ...fields, acknowledged: acknowledged === '1' }, me, new Date(desk.now()));
    if (!checked.ok) return kit.html(reply, 400, page(lang, dt(lang, 'newRequest'), reply.generateCsrf(), me, requestFormView(lang, reply.generateCsrf(), desk.o.ctx.profile, values, checked.problems)));
    const created = await desk.requests.create(checked.draft, new Date(desk.now()), `officer-form:${(formId ?? randomUUID()).slice(0, 64)}`, `officer:${me.id}`);
    return reply.redirect(`/console/requests/${created.reference}?done=new`, 303);
  });

  const load = async (ref: string) => {
    const r = REF.test(ref) ? await desk.requests.get(ref) : undefined;
    if (!r) throw new ConsoleError('SANAD_ERR_CONSOLE_NOT_FOUND', `no request ${ref}`);
    return r;
  };

  app.get('/console/requests/:ref', async (req, reply) => {
    const me = await kit.signedIn(req, reply);
    if (!me) return reply;
    const lang = kit.langOf(req);
    const r = await load((req.params as { ref: string }).ref);
    const q = Query.parse(req.query ?? {});
    const [beneficiary, others, officers] = await Promise.all([desk.o.beneficiaries.get(r.applicant.nationalId), desk.requests.listByNationalId(r.applicant.nationalId), o.officers.list()]);
    const earlier = (await desk.requests.getMany(others.filter((x) => x !== r.reference))).map((x) => desk.item(x, me));
    const errors: Record<string, string> = { '403': 'forbidden', '409': 'conflict', '400': 'badRequest' };
    const flash = q.done ? dt(lang, 'saved') : q.error && errors[q.error] ? dt(lang, errors[q.error]!) : undefined;
    const body = requestView(lang, me, reply.generateCsrf(), { request: r, item: desk.item(r, me), shown: desk.view(r, me), ...(beneficiary ? { beneficiary } : {}), earlier, officers, profile: desk.o.ctx.profile, slaDays: desk.slaDays }, flash);
    return kit.html(reply, 200, page(lang, r.reference, reply.generateCsrf(), me, body));
  });

  const binary = o.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  app.get('/console/requests/:ref/files/:n', async (req, reply) => {
    if (!(await kit.signedIn(req, reply))) return reply;
    const p = req.params as { ref: string; n: string };
    const file = filesOf(await load(p.ref))[Number(p.n)];
    const h = file?.storageKey ? ((await binary.hGetAll(o.keys.attachment(file.storageKey.replace(/^att:/, '')))) as unknown as Record<string, Buffer>) : undefined;
    if (!h?.data) throw new ConsoleError('SANAD_ERR_CONSOLE_NOT_FOUND', 'no such file (it may have expired, or it stays on the platform)');
    const type = h.mimeType?.toString() ?? 'application/octet-stream';
    const safe = /^(image\/(jpeg|png|webp|gif|heic)|application\/pdf)$/.test(type) ? type : 'application/octet-stream';
    return reply.type(safe).header('content-disposition', 'inline').header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'").send(h.data);
  });

  /** A form's action on a request: done, then back to its page (with the reason when it could not be done). */
  const act = (name: string, run: (ref: string, me: NonNullable<Awaited<ReturnType<PageKit['signedIn']>>>, body: Record<string, string>) => Promise<unknown>) => {
    app.post(`/console/requests/:ref/${name}`, { preHandler: app.csrfProtection }, async (req, reply) => {
      const me = await kit.signedIn(req, reply);
      if (!me) return reply;
      const { ref } = req.params as { ref: string };
      await load(ref);
      const body = Form.safeParse(req.body ?? {});
      const back = `/console/requests/${encodeURIComponent(ref)}`;
      try {
        await run(ref, me, body.success ? body.data : {});
      } catch (err) {
        if (err instanceof SanadError && err.statusCode && err.statusCode < 500 && err.statusCode !== 404) return reply.redirect(`${back}?error=${err.statusCode}`, 303);
        throw err;
      }
      return reply.redirect(`${back}?done=${name}`, 303);
    });
  };
  act('status', async (ref, me, b) => {
    const status = RequestStatus.safeParse(b.status);
    if (!status.success) throw new ConsoleError('SANAD_ERR_CONSOLE_REQUEST', 'choose a status');
    await desk.decide(ref, me, status.data, b.note?.slice(0, 2000), b.shareNote === '1');
  });
  act('assign', async (ref, me, b) => {
    const id = b.officerId || null;
    if (id && !(await o.officers.get(id))) throw new ConsoleError('SANAD_ERR_CONSOLE_REQUEST', `no officer ${id}`);
    await desk.assign(ref, me, id);
  });
}
