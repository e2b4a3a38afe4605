import { describe, expect, it } from '@jest/globals';
import {
  ageToday,
  fold,
  formatClock,
  formatDate,
  formatDateTime,
  parseVietnameseDate,
} from '../../apps/portal/src/lib/format.js';

describe("the portal's dates, clocks and search folding", () => {
  it('reads dd/mm/yyyy birth dates, and refuses dates that do not exist', () => {
    expect(parseVietnameseDate('19/05/2012')).toBe('2012-05-19');
    expect(parseVietnameseDate(' 1/5/2012 ')).toBe('2012-05-01');
    expect(parseVietnameseDate('01-05-2012')).toBe('2012-05-01');
    expect(parseVietnameseDate('29/02/2012')).toBe('2012-02-29');
    expect(parseVietnameseDate('29/02/2013')).toBeNull();
    expect(parseVietnameseDate('31/04/2012')).toBeNull();
    expect(parseVietnameseDate('2012-05-19')).toBeNull();
    expect(parseVietnameseDate('19/13/2012')).toBeNull();
  });

  it('counts age in Vietnam: the birthday counts from midnight in Asia/Ho_Chi_Minh', () => {
    // 2026-05-18 17:30 UTC is already 19/05 00:30 in Vietnam.
    expect(ageToday('2010-05-19', new Date('2026-05-18T17:30:00Z'))).toBe(16);
    expect(ageToday('2010-05-19', new Date('2026-05-18T16:30:00Z'))).toBe(15);
  });

  it("shows dates as dd/mm/yyyy in Vietnam's time whatever the phone's zone", () => {
    expect(formatDate('2026-12-31T18:00:00Z')).toBe('01/01/2027');
    expect(formatDateTime('2026-12-04T01:05:00Z')).toBe('08:05 04/12/2026');
  });

  it('finds units typed without diacritics (đ too)', () => {
    expect(fold('Đoàn phường Lê Chân')).toBe('doan phuong le chan');
    expect(fold('  ĐỒ SƠN ')).toBe('do son');
    expect(fold('Thủy Nguyên').includes(fold('thuy nguy'))).toBe(true);
  });

  it('shows the countdown as m:ss or h:mm:ss, rounding up and never below zero', () => {
    expect(formatClock(599_001)).toBe('10:00');
    expect(formatClock(9_000)).toBe('0:09');
    expect(formatClock(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatClock(-5_000)).toBe('0:00');
  });
});
