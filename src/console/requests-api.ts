import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfficerRepository } from '../domain/officers.js';
import { noRequest, RequestStatus } from '../domain/request-lifecycle.js';
import { guard } from './auth.js';
import { badRequest } from './errors.js';
import { checkRecordedRequest } from './request-form.js';
import type { RequestsDesk } from './requests-desk.js';
import { requestsCsv } from './requests-csv.js';

const Ref = z.object({ ref: z.string().regex(/^SR-\d{4}-\d{6}$/) });
const Query = z.object({ status: RequestStatus.optional(), q: z.string().max(100).optional() });
const Decision = z.object({ status: RequestStatus, note: z.string().max(2000).optional(), shareNote: z.boolean().default(false) }).strict();
const Announce = z.object({ text: z.string().trim().min(1).max(1000) }).strict();
const Assign = z.object({ officerId: z.string().min(1).max(64).nullable() }).strict();

/**
 * The requests desk's API (cookie session as the console: 401 without one, 403 for the wrong
 * role, 404 for an unknown reference, 400 for a body or query of the wrong shape).
 */
export function requestsApi(app: FastifyInstance, o: { desk: RequestsDesk; officers: OfficerRepository }): void {
  const officer = { onRequest: guard(o.officers, 'officer') };
  const supervisor = { onRequest: guard(o.officers, 'supervisor') };
  const refOf = (params: unknown) => {
    const r = Ref.safeParse(params);
    // A reference of the wrong shape names no request.
    if (!r.success) throw noRequest(String((params as { ref?: string }).ref));
    return r.data.ref;
  };
  const load = async (ref: string) => {
    const r = await o.desk.requests.get(ref);
    if (!r) throw noRequest(ref);
    return r;
  };

  app.get('/api/requests', officer, async (req) => {
    const q = Query.safeParse(req.query ?? {});
    if (!q.success) throw badRequest(`status is one of ${RequestStatus.options.join(', ')}; q is a reference, national ID or mobile`);
    return (await o.desk.find(q.data.status, q.data.q)).map((r) => o.desk.item(r, req.officer!));
  });
  app.get('/api/requests/committee', supervisor, async (req) => ({ slaDays: o.desk.slaDays, requests: await o.desk.committee(req.officer!) }));
  app.get('/api/requests/export.csv', supervisor, async (req, reply) => {
    const q = Query.safeParse(req.query ?? {});
    if (!q.success) throw badRequest(`status is one of ${RequestStatus.options.join(', ')}`);
    const rows = await o.desk.find(q.data.status, q.data.q);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="requests-${new Date(o.desk.now()).toISOString().slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(requestsCsv(rows, o.desk.now(), o.desk.slaDays));
  });
  app.get('/api/requests/:ref', officer, async (req) => {
    const r = await load(refOf(req.params));
    return { ...o.desk.item(r, req.officer!), ...o.desk.view(r, req.officer!) };
  });
  app.post('/api/requests/:ref/decision', officer, async (req) => {
    const ref = refOf(req.params);
    const body = Decision.safeParse(req.body ?? {});
    if (!body.success) throw badRequest(`the body is {"status": ${RequestStatus.options.map((s) => `"${s}"`).join(' | ')}, "note"?: "...", "shareNote"?: true | false}`);
    await load(ref);
    const { request, changed } = await o.desk.decide(ref, req.officer!, body.data.status, body.data.note, body.data.shareNote);
    return { ...o.desk.item(request, req.officer!), history: request.history, changed };
  });
  app.post('/api/requests/:ref/assign', supervisor, async (req) => {
    const ref = refOf(req.params);
    const body = Assign.safeParse(req.body ?? {});
    if (!body.success) throw badRequest('the body is {"officerId": "..." | null}');
    await load(ref);
    if (body.data.officerId && !(await o.officers.get(body.data.officerId))) throw badRequest(`no officer ${body.data.officerId}`);
    return o.desk.item(await o.desk.assign(ref, req.officer!, body.data.officerId), req.officer!);
  });
  app.post('/api/requests/:ref/announce', officer, async (req, reply) => {
    const ref = refOf(req.params);
    const body = Announce.safeParse(req.body ?? {});
    if (!body.success) throw badRequest('the body is {"text": "..."} with 1 to 1000 characters');
    await load(ref);
    const r = await o.desk.announce(ref, req.officer!, body.data.text);
    return reply.code(202).send({ reference: r.reference, notices: r.notices.length });
  });
  app.post('/api/requests', officer, async (req, reply) => {
    const checked = checkRecordedRequest(o.desk.o.ctx, req.body, req.officer!, new Date(o.desk.now()));
    if (!checked.ok) {
      req.log.warn({ fields: checked.problems.map((p) => p.field) }, 'officer-recorded request refused');
      return reply.code(400).send({ error: 'the request has problems', code: 'SANAD_ERR_CONSOLE_REQUEST', problems: checked.problems });
    }
    const key = String(req.headers['idempotency-key'] ?? randomUUID()).slice(0, 200);
    const created = await o.desk.requests.create(checked.draft, new Date(o.desk.now()), `officer:${key}`, `officer:${req.officer!.id}`);
    return reply.code(201).send({ reference: created.reference, status: created.status, channel: created.recorded?.channel });
  });
}
