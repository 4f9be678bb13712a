/**
 * RINGTRACE_OUTBOX_RETENTION_DAYS: a positive whole number of days, 30 when
 * unset; anything else fails at start-up naming the key and the variable.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../engine/index.ts';

const retention = (value: string | undefined): number => loadConfig({ RINGTRACE_OUTBOX_RETENTION_DAYS: value }).outboxRetentionDays;

describe('config outboxRetentionDays', () => {
  it('when unset or empty, then it is 30 days; when a positive integer, then that', () => {
    expect(retention(undefined)).toBe(30);
    expect(retention('')).toBe(30);
    expect(retention('7')).toBe(7);
    expect(retention('365')).toBe(365);
  });

  it('when not a positive whole number of days, then loading fails naming RINGTRACE_OUTBOX_RETENTION_DAYS', () => {
    const named = /^config outboxRetentionDays \(RINGTRACE_OUTBOX_RETENTION_DAYS\): /;
    for (const bad of ['0', '-1', '1.5', 'thirty', '99999']) expect(() => retention(bad), bad).toThrow(named);
    expect(() => retention('0')).toThrow(/must be a positive number of days/);
    expect(() => retention('1.5')).toThrow(/must be a whole number of days/);
    expect(() => retention('thirty')).toThrow(/must be a whole number of days/);
    expect(() => retention('99999')).toThrow(/must be at most 36500 days/);
  });
});
