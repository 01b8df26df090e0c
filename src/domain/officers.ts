import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { SanadError } from '../errors.js';
import type { Keys } from '../store/keys.js';
import type { Redis } from '../store/redis.js';

export const OfficerRole = z.enum(['officer', 'supervisor', 'admin']);
export type OfficerRole = z.infer<typeof OfficerRole>;

/** Whether an officer takes new chats now (auto-assignment gives chats only to `available` ones). */
export const Availability = z.enum(['available', 'away']);
export type Availability = z.infer<typeof Availability>;

/** An officer as the console shows him: never the password hash. */
export interface Officer {
  id: string;
  email: string;
  name: string;
  role: OfficerRole;
  disabled: boolean;
  availability: Availability;
  /** How many chats he holds at once before auto-assignment passes him over. */
  capacity: number;
  createdAt: number;
}

export const NewOfficer = z.object({
  email: z.email().max(200),
  name: z.string().trim().min(1).max(100),
  role: OfficerRole.default('officer'),
  password: z.string().min(10, 'a password has at least 10 characters').max(200),
  capacity: z.number().int().min(1).max(50).default(5),
});
export type NewOfficer = z.input<typeof NewOfficer>;

/** An account that cannot be created or changed as asked (a taken email, an unknown officer). */
export class OfficerError extends SanadError {
  constructor(code: 'SANAD_ERR_OFFICER_TAKEN' | 'SANAD_ERR_OFFICER_INVALID' | 'SANAD_ERR_NO_OFFICER', message: string) {
    super(code, message);
    this.name = 'OfficerError';
  }
}

const ROLE_RANK: Record<OfficerRole, number> = { officer: 0, supervisor: 1, admin: 2 };
/** Whether `role` may do what `needed` may (an admin may do what a supervisor may, and so on). */
export const hasRole = (role: OfficerRole, needed: OfficerRole) => ROLE_RANK[role] >= ROLE_RANK[needed];

/** A hash of nothing, verified when the email is unknown so a login takes as long either way. */
let decoy: Promise<string> | undefined;

/** The officers' accounts in Redis, with argon2id password hashes. */
export class OfficerRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async create(input: NewOfficer, now = Date.now()): Promise<Officer> {
    const o = NewOfficer.parse(input);
    const email = o.email.toLowerCase();
    const id = randomBytes(6).toString('hex');
    // HSETNX claims the email first, so two admins adding the same person make one account.
    if (!(await this.redis.hSetNX(this.keys.officersByEmail(), email, id))) throw new OfficerError('SANAD_ERR_OFFICER_TAKEN', `an officer with the email ${email} exists already`);
    await this.redis
      .multi()
      .hSet(this.keys.officer(id), {
        id,
        email,
        name: o.name,
        role: o.role,
        disabled: '0',
        hash: await hash(o.password),
        availability: 'away',
        capacity: String(o.capacity),
        createdAt: String(now),
      })
      .zAdd(this.keys.officers(), { score: now, value: id })
      .exec();
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Officer | undefined> {
    return officerFrom(await this.redis.hGetAll(this.keys.officer(id)));
  }

  async byEmail(email: string): Promise<Officer | undefined> {
    const id = await this.redis.hGet(this.keys.officersByEmail(), email.trim().toLowerCase());
    return id ? this.get(id) : undefined;
  }

  async list(): Promise<Officer[]> {
    const ids = await this.redis.zRange(this.keys.officers(), 0, -1);
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((o): o is Officer => Boolean(o));
  }

  /** The officer whose email and password these are, if he is not disabled; otherwise undefined. */
  async authenticate(email: string, password: string): Promise<Officer | undefined> {
    const id = await this.redis.hGet(this.keys.officersByEmail(), email.trim().toLowerCase());
    const stored = id ? await this.redis.hGet(this.keys.officer(id), 'hash') : undefined;
    if (!id || !stored) {
      await verify(await (decoy ??= hash(randomBytes(16).toString('hex'))), password).catch(() => false);
      return undefined;
    }
    if (!(await verify(stored, password).catch(() => false))) return undefined;
    const officer = await this.get(id);
    return officer && !officer.disabled ? officer : undefined;
  }

  async update(id: string, change: { name?: string; role?: OfficerRole; capacity?: number; disabled?: boolean; availability?: Availability }): Promise<Officer> {
    if (!(await this.redis.exists(this.keys.officer(id)))) throw new OfficerError('SANAD_ERR_NO_OFFICER', `no officer ${id}`);
    const fields: Record<string, string> = { updatedAt: String(Date.now()) };
    if (change.name !== undefined) fields.name = change.name;
    if (change.role !== undefined) fields.role = change.role;
    if (change.capacity !== undefined) fields.capacity = String(change.capacity);
    if (change.disabled !== undefined) fields.disabled = change.disabled ? '1' : '0';
    if (change.availability !== undefined) fields.availability = change.availability;
    // A disabled officer takes no new chats.
    if (change.disabled) fields.availability = 'away';
    await this.redis.hSet(this.keys.officer(id), fields);
    return (await this.get(id))!;
  }

  async setPassword(id: string, password: string): Promise<void> {
    const parsed = NewOfficer.shape.password.safeParse(password);
    if (!parsed.success) throw new OfficerError('SANAD_ERR_OFFICER_INVALID', parsed.error.issues[0]?.message ?? 'bad password');
    if (!(await this.redis.exists(this.keys.officer(id)))) throw new OfficerError('SANAD_ERR_NO_OFFICER', `no officer ${id}`);
    await this.redis.hSet(this.keys.officer(id), { hash: await hash(password), updatedAt: String(Date.now()) });
  }

  /** How many chats each officer holds now. */
  async load(ids: string[]): Promise<Map<string, number>> {
    const counts = await Promise.all(ids.map((id) => this.redis.sCard(this.keys.officerOpen(id))));
    return new Map(ids.map((id, i) => [id, counts[i] ?? 0]));
  }

  /**
   * The first admin, from ADMIN_EMAIL / ADMIN_PASSWORD at start-up: created if no officer has
   * that email; an existing account is left as it is (its password may have been changed since).
   */
  async ensureAdmin(email: string, password: string, name = 'Admin'): Promise<Officer> {
    const existing = await this.byEmail(email);
    if (existing) return existing;
    try {
      return await this.create({ email, password, name, role: 'admin' });
    } catch (err) {
      // Another process created it at the same moment.
      if (err instanceof OfficerError && err.code === 'SANAD_ERR_OFFICER_TAKEN') return (await this.byEmail(email))!;
      throw err;
    }
  }
}

// Built once: a schema's `.catch()` makes a new schema, too dear to do on every read.
const readRole = OfficerRole.catch('officer');
const readAvailability = Availability.catch('away');

/** An officer from his account's fields (a HGETALL of `keys.officer(id)`); undefined when there is none. */
export function officerFrom(h: Record<string, string>): Officer | undefined {
  if (!h.id) return undefined;
  return {
    id: h.id!,
    email: h.email ?? '',
    name: h.name ?? '',
    role: readRole.parse(h.role),
    disabled: h.disabled === '1',
    availability: readAvailability.parse(h.availability),
    capacity: Number(h.capacity ?? 5),
    createdAt: Number(h.createdAt ?? 0),
  };
}

/** The officer's first name, as the beneficiary is told it ("Fatimah joined"). */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;
