import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { StatusFilter } from '../domain/handoffs.js';
import type { OfficerRepository } from '../domain/officers.js';
import { guard } from './auth.js';
import type { Desk } from './desk.js';
import { badRequest } from './errors.js';

const Id = z.object({ id: z.string().min(1).max(64) });
const Text = z.object({ text: z.string().max(4000) }).strict();
const Transfer = z.object({ officerId: z.string().min(1).max(64) }).strict();
const Query = z.object({ status: StatusFilter.default('waiting') });

function parse<T>(schema: z.ZodType<T>, value: unknown, hint: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw badRequest(hint);
  return r.data;
}

/**
 * The handoffs API the console uses (cookie session; 401 without one, 403 for the wrong role,
 * 404 for an unknown id, 400 for a body of the wrong shape).
 */
export function handoffApi(app: FastifyInstance, o: { desk: Desk; officers: OfficerRepository }): void {
  const officer = { onRequest: guard(o.officers, 'officer') };
  app.get('/api/handoffs', officer, async (req) => {
    const q = parse(Query, req.query, 'status is waiting, active or closed');
    return o.desk.list(q.status);
  });
  app.get('/api/handoffs/:id', officer, async (req) => o.desk.detail(parse(Id, req.params, 'an id').id));
  app.post('/api/handoffs/:id/claim', officer, async (req) => o.desk.item(await o.desk.claim(parse(Id, req.params, 'an id').id, req.officer!)));
  app.post('/api/handoffs/:id/messages', officer, async (req, reply) => {
    const { id } = parse(Id, req.params, 'an id');
    // An unknown id is a 404 before a wrong body is a 400 (a handoff read before is known to exist).
    if (!o.desk.knows(id)) await o.desk.get(id);
    const body = parse(Text, req.body, 'the body is {"text": "..."}');
    await o.desk.reply(id, req.officer!, body.text);
    return reply.code(202).send({ ok: true });
  });
  app.post('/api/handoffs/:id/notes', officer, async (req, reply) => {
    const { id } = parse(Id, req.params, 'an id');
    await o.desk.get(id);
    await o.desk.note(id, req.officer!, parse(Text, req.body, 'the body is {"text": "..."}').text);
    return reply.code(201).send({ ok: true });
  });
  app.post('/api/handoffs/:id/release', officer, async (req) => o.desk.item(await o.desk.release(parse(Id, req.params, 'an id').id, req.officer!)));
  app.post('/api/handoffs/:id/transfer', officer, async (req) => {
    const { id } = parse(Id, req.params, 'an id');
    await o.desk.get(id);
    const body = parse(Transfer, req.body, 'the body is {"officerId": "..."}');
    return o.desk.item(await o.desk.transfer(id, req.officer!, body.officerId));
  });
  app.post('/api/handoffs/:id/close', officer, async (req) => {
    const { handoff, closed } = await o.desk.close(parse(Id, req.params, 'an id').id, req.officer!);
    return { ...(await o.desk.item(handoff)), closedNow: closed };
  });
}
