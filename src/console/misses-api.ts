import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OfficerRepository } from '../domain/officers.js';
import { OUT_OF_SCOPE_ID } from '../knowledge/schema.js';
import { guard } from './auth.js';
import { badRequest } from './errors.js';
import type { MissesDesk } from './misses-desk.js';
import { missTexts } from './misses-texts.js';

const Assign = z.object({ topic: z.string().min(1).max(100) }).strict();

/**
 * The misses for supervisors and admins (cookie session as the console: 401 without one, 403
 * for an officer, 404 for an unknown miss, 400 for a wrong body or an unknown topic):
 * `GET /api/misses`, `POST /api/misses/:id/assign {topic}`, `POST /api/misses/:id/dismiss`.
 */
export function missesApi(app: FastifyInstance, o: { desk: MissesDesk; officers: OfficerRepository }): void {
  const supervisor = { onRequest: guard(o.officers, 'supervisor') };
  // Any id reaches the desk: one of the wrong shape names no miss (404).
  const idOf = (params: unknown) => String((params as { id?: unknown }).id ?? '');

  app.get('/api/misses', supervisor, async () => ({
    retentionDays: o.desk.retentionDays,
    misses: await o.desk.list(),
    topics: [...o.desk.topics().map((t) => ({ id: t.id, label: t.label })), { id: OUT_OF_SCOPE_ID, label: missTexts.outOfScope }],
  }));
  app.post('/api/misses/:id/assign', supervisor, async (req) => {
    const id = idOf(req.params);
    await o.desk.get(id);
    const body = Assign.safeParse(req.body ?? {});
    if (!body.success) throw badRequest(`the body is {"topic": "<topic id>" | "${OUT_OF_SCOPE_ID}"} (GET /api/misses lists the topics)`);
    const r = await o.desk.assign(id, body.data.topic, req.officer!);
    return { id, topic: r.topic, text: r.miss.text, locale: r.miss.locale, learned: Boolean(r.retrained), ...(r.retrained ? { retrained: r.retrained } : {}) };
  });
  app.post('/api/misses/:id/dismiss', supervisor, async (req) => {
    const miss = await o.desk.dismiss(idOf(req.params), req.officer!);
    return { id: miss.id, dismissed: true };
  });
}
