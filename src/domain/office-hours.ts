import { z } from 'zod';
import { Text } from '../i18n/text.js';

const Day = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
type Day = z.infer<typeof Day>;
const DAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, e.g. 08:00');

/**
 * A day off: a Gregorian date (`MM-DD` every year, or `YYYY-MM-DD` once) or an Umm al-Qura one
 * (`hijri: MM-DD`, e.g. `10-01` for Eid al-Fitr), lasting `days` days.
 */
export const Holiday = z
  .object({
    date: z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/).optional(),
    hijri: z.string().regex(/^\d{2}-\d{2}$/).optional(),
    days: z.number().int().min(1).max(30).default(1),
    name: Text,
  })
  .strict()
  .refine((h) => Boolean(h.date) !== Boolean(h.hijri), 'a holiday has exactly one of "date" or "hijri"');
export type Holiday = z.infer<typeof Holiday>;

/** When officers answer (association.yaml `officeHours`). */
export const OfficeHours = z
  .object({
    timezone: z.string().default('Asia/Riyadh'),
    days: z.array(Day).min(1).default(['sun', 'mon', 'tue', 'wed', 'thu']),
    from: Clock.default('08:00'),
    to: Clock.default('16:00'),
    holidays: z.array(Holiday).default([]),
  })
  .strict();
export type OfficeHours = z.infer<typeof OfficeHours>;

/** Parts of an instant in a time zone, Gregorian and Hijri. */
interface Local {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  day: Day;
  hijriMd: string;
}

const formatters = new Map<string, { greg: Intl.DateTimeFormat; hijri: Intl.DateTimeFormat }>();
function local(at: number, tz: string): Local {
  let f = formatters.get(tz);
  if (!f) {
    f = {
      greg: new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' }),
      hijri: new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: tz, month: 'numeric', day: 'numeric' }),
    };
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.greg.formatToParts(at).map((x) => [x.type, x.value]));
  const h = Object.fromEntries(f.hijri.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    hh: Number(p.hour),
    mm: Number(p.minute),
    day: (p.weekday ?? 'Sun').toLowerCase().slice(0, 3) as Day,
    hijriMd: `${String(h.month).padStart(2, '0')}-${String(h.day).padStart(2, '0')}`,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));

/** The instant of a wall-clock time in a zone (zones with a fixed offset over the day, as Riyadh's). */
function instant(y: number, m: number, d: number, clock: string, tz: string): number {
  const guess = Date.UTC(y, m - 1, d, 0, minutes(clock));
  const seen = local(guess, tz);
  const drift = Date.UTC(seen.y, seen.m - 1, seen.d, seen.hh, seen.mm) - guess;
  return guess - drift;
}

/** What is known about officers at one instant. */
export type OfficeState = { open: true } | { open: false; holiday?: Text; backAt?: number };

/** The office schedule: open or not now, and when it opens next. */
export class OfficeSchedule {
  private constructor(
    private readonly mode: 'always' | 'never' | 'hours',
    private readonly hours: OfficeHours,
  ) {}

  /**
   * From the profile's `officeHours` and the `OFFICE_HOURS` setting (`always`, `never`, or
   * `sun-thu 08:00-16:00`, which replaces the days and hours but keeps the holidays).
   */
  static from(profile: OfficeHours | undefined, override?: string): OfficeSchedule {
    const hours = OfficeHours.parse(profile ?? {});
    if (!override) return new OfficeSchedule('hours', hours);
    if (override === 'always' || override === 'never') return new OfficeSchedule(override, hours);
    return new OfficeSchedule('hours', { ...hours, ...parseOfficeHours(override) });
  }

  get timezone(): string {
    return this.hours.timezone;
  }

  holidayOn(at: number): Holiday | undefined {
    return this.holidayAt(local(at, this.hours.timezone));
  }

  private holidayAt(l: Local): Holiday | undefined {
    return this.hours.holidays.find((h) => {
      for (let i = 0; i < h.days; i++) {
        // Day i of the holiday is today when the holiday started i days ago.
        const back = local(instant(l.y, l.m, l.d, '12:00', this.hours.timezone) - i * 86_400_000, this.hours.timezone);
        if (h.hijri && back.hijriMd === h.hijri) return true;
        if (h.date && (h.date.length === 5 ? `${pad(back.m)}-${pad(back.d)}` === h.date : `${back.y}-${pad(back.m)}-${pad(back.d)}` === h.date)) return true;
      }
      return false;
    });
  }

  state(at: number): OfficeState {
    if (this.mode === 'always') return { open: true };
    if (this.mode === 'never') return { open: false };
    const l = local(at, this.hours.timezone);
    const holiday = this.holidayAt(l);
    const now = l.hh * 60 + l.mm;
    if (!holiday && this.hours.days.includes(l.day) && now >= minutes(this.hours.from) && now < minutes(this.hours.to)) return { open: true };
    const backAt = this.nextOpening(at);
    return { open: false, ...(holiday ? { holiday: holiday.name } : {}), ...(backAt ? { backAt } : {}) };
  }

  /** When officers are next in, within 60 days. */
  private nextOpening(at: number): number | undefined {
    const tz = this.hours.timezone;
    const today = local(at, tz);
    for (let i = 0; i < 60; i++) {
      const noon = local(instant(today.y, today.m, today.d, '12:00', tz) + i * 86_400_000, tz);
      if (!this.hours.days.includes(noon.day) || this.holidayAt(noon)) continue;
      const opens = instant(noon.y, noon.m, noon.d, this.hours.from, tz);
      if (opens > at) return opens;
    }
    return undefined;
  }
}

/** `sun-thu 08:00-16:00` or `sun,mon,tue 09:00-13:00` → days and hours. */
export function parseOfficeHours(s: string): Pick<OfficeHours, 'days' | 'from' | 'to'> {
  const m = /^([a-z,-]+)\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(s.trim().toLowerCase());
  if (!m) throw new Error('OFFICE_HOURS is "always", "never", or days and hours like "sun-thu 08:00-16:00"');
  const days = new Set<Day>();
  for (const part of m[1]!.split(',')) {
    const [a, b] = part.split('-') as [string, string | undefined];
    const from = DAYS.indexOf(a as Day);
    const to = b ? DAYS.indexOf(b as Day) : from;
    if (from < 0 || to < 0) throw new Error(`OFFICE_HOURS: unknown day in "${part}" (use sun mon tue wed thu fri sat)`);
    for (let i = from; ; i = (i + 1) % 7) {
      days.add(DAYS[i]!);
      if (i === to) break;
    }
  }
  const hours = z.object({ from: Clock, to: Clock }).parse({ from: m[2], to: m[3] });
  return { days: [...days], ...hours };
}
