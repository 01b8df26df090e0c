import { ConfigError } from '../errors.js';

/** Riyadh keeps UTC+3 all year (no daylight saving), so its clock is a fixed offset. */
const RIYADH_OFFSET_MS = 3 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * Hours when no survey is sent (`SURVEY_QUIET_HOURS`, Riyadh time, e.g. `22:00-08:00`, or `off`).
 * A window may run over midnight. Pure: the time is always passed in.
 */
export class QuietHours {
  private constructor(private readonly window?: { start: number; end: number }) {}

  static parse(spec: string): QuietHours {
    if (spec.trim() === 'off') return new QuietHours();
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(spec.trim());
    const minutes = m ? [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])] : [];
    if (!m || minutes.some((v) => v >= 24 * 60) || minutes[0] === minutes[1]) {
      throw new ConfigError(`SURVEY_QUIET_HOURS: expected "off" or a window such as "22:00-08:00", got "${spec}"`);
    }
    return new QuietHours({ start: minutes[0]! * 60_000, end: minutes[1]! * 60_000 });
  }

  /** The time a survey due at `at` may go: `at` itself, or the end of the quiet window it falls in. */
  shift(at: number): number {
    if (!this.window) return at;
    const { start, end } = this.window;
    const local = at + RIYADH_OFFSET_MS;
    const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS;
    const midnight = local - sinceMidnight;
    const overnight = start > end;
    const quiet = overnight ? sinceMidnight >= start || sinceMidnight < end : sinceMidnight >= start && sinceMidnight < end;
    if (!quiet) return at;
    // Over midnight and still in the evening part: the morning of the next day.
    const endLocal = midnight + end + (overnight && sinceMidnight >= start ? DAY_MS : 0);
    return endLocal - RIYADH_OFFSET_MS;
  }
}
