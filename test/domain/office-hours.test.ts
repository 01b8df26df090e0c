import { describe, expect, it } from 'vitest';
import { OfficeSchedule, parseOfficeHours } from '../../src/domain/office-hours.js';
import { loadProfile } from '../../src/engine/loader.js';

const profile = loadProfile('flows');
const schedule = OfficeSchedule.from(profile.officeHours);
const at = (iso: string) => Date.parse(iso);

describe('office hours (association.yaml, Asia/Riyadh)', () => {
  it('is open Sunday to Thursday 08:00-16:00 Riyadh time, closed outside', () => {
    // 2026-12-01 is a Tuesday; Riyadh is UTC+3.
    expect(schedule.state(at('2026-12-01T05:00:00Z')).open).toBe(true); // 08:00
    expect(schedule.state(at('2026-12-01T04:59:00Z')).open).toBe(false); // 07:59
    expect(schedule.state(at('2026-12-01T13:00:00Z'))).toEqual({ open: false, backAt: at('2026-12-02T05:00:00Z') }); // 16:00
  });

  it('is closed on Friday and Saturday and opens again on Sunday morning', () => {
    expect(schedule.state(at('2026-12-04T09:00:00Z'))).toEqual({ open: false, backAt: at('2026-12-06T05:00:00Z') });
  });

  it('knows the Hijri holidays: Eid al-Fitr 1447 (1 Shawwal = 2026-03-20) for four days', () => {
    const sunday = schedule.state(at('2026-03-22T07:00:00Z')); // a Sunday, the third day of Eid
    expect(sunday.open).toBe(false);
    expect(sunday).toMatchObject({ holiday: { en: 'Eid al-Fitr' }, backAt: at('2026-03-24T05:00:00Z') });
    expect(schedule.state(at('2026-03-24T07:00:00Z')).open).toBe(true);
    // The next year's Eid falls eleven days earlier: found by its Hijri date, not a fixed one.
    expect(schedule.holidayOn(at('2027-03-09T09:00:00Z'))?.name.en).toBe('Eid al-Fitr');
  });

  it('knows fixed Gregorian holidays (National Day, every year)', () => {
    expect(schedule.holidayOn(at('2027-09-23T09:00:00Z'))?.name.en).toBe('National Day');
    expect(schedule.holidayOn(at('2027-09-24T09:00:00Z'))).toBeUndefined();
  });

  it('OFFICE_HOURS overrides: always, never, other days and hours', () => {
    expect(OfficeSchedule.from(profile.officeHours, 'always').state(at('2026-12-04T23:00:00Z')).open).toBe(true);
    expect(OfficeSchedule.from(profile.officeHours, 'never').state(at('2026-12-01T07:00:00Z')).open).toBe(false);
    const weekend = OfficeSchedule.from(profile.officeHours, 'fri-sat 10:00-12:00');
    expect(weekend.state(at('2026-12-04T07:30:00Z')).open).toBe(true);
    expect(weekend.state(at('2026-12-01T07:30:00Z')).open).toBe(false);
    expect(parseOfficeHours('thu-sun 09:00-13:00').days).toEqual(['thu', 'fri', 'sat', 'sun']);
    expect(() => parseOfficeHours('weekdays 9-5')).toThrow(/OFFICE_HOURS/);
  });
});
