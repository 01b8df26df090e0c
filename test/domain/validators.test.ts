import { describe, expect, it } from 'vitest';
import { validateDate } from '../../src/domain/validators/date.js';
import { maskPhone, validateSaudiMobile } from '../../src/domain/validators/mobile.js';
import { luhnValid, maskNationalId, validateNationalId } from '../../src/domain/validators/national-id.js';
import { validateNumber } from '../../src/domain/validators/number.js';
import { validateYesNo } from '../../src/domain/validators/yes-no.js';
import { maskText } from '../../src/log.js';

describe('national ID / iqama', () => {
  it.each([
    ['1000000008', '1000000008'],
    ['2000000006', '2000000006'],
    ['١٠٠٠٠٠٠٠٠٨', '1000000008'],
    ['۱۰۰۰۰۰۰۰۰۸', '1000000008'],
    ['1 000 000 008', '1000000008'],
    ['1000-000-008', '1000000008'],
  ])('accepts %s', (input, value) => {
    expect(validateNationalId(input)).toEqual({ ok: true, value });
  });

  it('refuses a wrong check digit, saying so', () => {
    const r = validateNationalId('1000000001');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.ar).toContain('رقم التحقق');
      expect(r.reason.en).toContain('check digit');
    }
  });

  it.each([
    ['123', '10'],
    ['10000000081', '10'],
    ['3000000004', 'starts with 1'],
    ['abc', 'digits only'],
  ])('refuses %s with a reason', (input, reason) => {
    const r = validateNationalId(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toContain(reason);
  });

  it('implements the Luhn check', () => {
    expect(luhnValid('1000000008')).toBe(true);
    expect(luhnValid('1000000009')).toBe(false);
    expect(luhnValid('1234567891')).toBe(false);
  });

  it('masks for display and logs', () => {
    expect(maskNationalId('1000000008')).toBe('******0008');
    expect(maskText('id 1000000008 and 0512345678 and +966512345678')).toBe('id 1*****0008 and 05*****678 and +9665*****678');
    expect(maskPhone('+966512345678')).toBe('+9665*****678');
  });
});

describe('Saudi mobile', () => {
  it.each(['0512345678', '512345678', '+966512345678', '966512345678', '00966512345678', '٠٥١٢٣٤٥٦٧٨', '051 234 5678', '+966 51 234 5678'])(
    'accepts %s and stores E.164',
    (input) => {
      expect(validateSaudiMobile(input)).toEqual({ ok: true, value: '+966512345678' });
    },
  );

  it.each(['0112345678', '05123', '051234567890', '+201001234567', 'رقمي', '0412345678'])('refuses %s', (input) => {
    const r = validateSaudiMobile(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.ar).toMatch(/رقم الجوال/);
  });
});

describe('numbers', () => {
  it('accepts Arabic-Indic digits, separators and a currency', () => {
    expect(validateNumber('٣٠٠٠', 0, 10000)).toEqual({ ok: true, value: 3000 });
    expect(validateNumber('3,500 ريال', 0, 10000)).toEqual({ ok: true, value: 3500 });
    expect(validateNumber('0', 0, 10)).toEqual({ ok: true, value: 0 });
  });
  it('refuses out of range and words, naming the range', () => {
    const r = validateNumber('40', 1, 30);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.en).toContain('between 1 and 30');
    expect(validateNumber('خمسة', 1, 30).ok).toBe(false);
  });
});

describe('yes / no', () => {
  it.each(['نعم', 'ايوه', 'أوافق', 'yes', 'OK', 'موافق'])('%s is yes', (s) => expect(validateYesNo(s)).toEqual({ ok: true, value: true }));
  it.each(['لا', 'no', 'لا أوافق'])('%s is no', (s) => expect(validateYesNo(s)).toEqual({ ok: true, value: false }));
  it('refuses anything else', () => expect(validateYesNo('ربما').ok).toBe(false));
});

describe('dates', () => {
  it('reads Gregorian dates in both orders', () => {
    expect(validateDate('22/11/2026')).toEqual({ ok: true, value: '2026-11-22' });
    expect(validateDate('2026-11-22')).toEqual({ ok: true, value: '2026-11-22' });
    expect(validateDate('٢٢/١١/٢٠٢٦')).toEqual({ ok: true, value: '2026-11-22' });
  });
  it('reads Umm al-Qura Hijri dates', () => {
    expect(validateDate('1448/06/12 هـ')).toEqual({ ok: true, value: '2026-11-22' });
    expect(validateDate('12/6/1448')).toEqual({ ok: true, value: '2026-11-22' });
  });
  it('refuses impossible dates', () => {
    expect(validateDate('31/02/2026').ok).toBe(false);
    expect(validateDate('tomorrow').ok).toBe(false);
  });
});
