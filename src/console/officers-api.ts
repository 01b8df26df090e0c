import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Availability, NewOfficer, OfficerRole, type OfficerRepository } from '../domain/officers.js';
import { guard, publicOfficer } from './auth.js';
import type { Desk } from './desk.js';
import { badRequest } from './errors.js';

const Change = z
  .object({ name: z.string().trim().min(1).max(100), role: OfficerRole, capacity: z.number().int().min(1).max(50), disabled: z.boolean() })
  .partial()
  .strict();
const Password = z.object({ password: z.string().min(10).max(200) }).strict();
const Me = z.object({ availability: Availability }).strict();

/**
 * Accounts: every officer reads and sets his own availability; supervisors list officers (to
 * transfer a chat); admins add, change, disable and reset officers.
 */
export function officerApi(app: FastifyInstance, o: { officers: OfficerRepository; desk: Desk }): void {
  const any = { onRequest: guard(o.officers, 'officer') };
  const admin = { onRequest: guard(o.officers, 'admin') };
  app.get('/api/me', any, async (req) => publicOfficer(req.officer!));
  app.post('/api/me/availability', any, async (req) => {
    const body = Me.safeParse(req.body);
    if (!body.success) throw badRequest('the body is {"availability": "available" | "away"}');
    return publicOfficer(await o.desk.setAvailability(req.officer!, body.data.availability));
  });
  // Every officer may see who else is on duty (transfer picks from this list).
  app.get('/api/officers', any, async () => (await o.officers.list()).map(publicOfficer));
  app.post('/api/officers', admin, async (req, reply) => {
    const body = NewOfficer.safeParse(req.body);
    if (!body.success) throw badRequest(`the body is {"email", "name", "password" (10+ characters), "role"?, "capacity"?}: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return reply.code(201).send(publicOfficer(await o.officers.create(body.data)));
  });
  app.patch('/api/officers/:id', admin, async (req) => {
    const body = Change.safeParse(req.body);
    if (!body.success) throw badRequest('the body has any of {"name", "role", "capacity", "disabled"}');
    const { id } = req.params as { id: string };
    return publicOfficer(await o.officers.update(id, body.data));
  });
  app.post('/api/officers/:id/password', admin, async (req, reply) => {
    const body = Password.safeParse(req.body);
    if (!body.success) throw badRequest('the body is {"password": "..."} with 10+ characters');
    await o.officers.setPassword((req.params as { id: string }).id, body.data.password);
    return reply.code(204).send();
  });
}
