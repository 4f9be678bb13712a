/**
 * Dates of the synthetic marketplace: a fixed export moment (so output never
 * depends on the clock), helpers to draw moments in a window, and ISO 8601
 * rendering as the export contract requires.
 */
import type { Rng } from './rng.ts';

const DAY_MS = 86_400_000;

export const MARKET_START = Date.UTC(2016, 0, 1);
export const EXPORT_AT = Date.UTC(2025, 0, 1);

export function days(count: number): number {
  return count * DAY_MS;
}

/** A moment uniformly in [from, to), to the second, never after the export. */
export function between(rng: Rng, from: number, to: number): number {
  const end = Math.min(to, EXPORT_AT - 1000);
  const start = Math.min(from, end);
  return Math.floor((start + rng.next() * (end - start)) / 1000) * 1000;
}

/** `2019-03-04T08:15:00Z`. */
export function isoDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `2019-03-04`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
