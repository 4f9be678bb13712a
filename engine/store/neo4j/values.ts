/**
 * Converts driver values to plain JavaScript at the edge. The driver runs with
 * `disableLosslessIntegers: true` (every number here is a count, size or score
 * far below 2^53), so integers already arrive as numbers; temporals (none are
 * written by this adapter, but a user's database may hold some) become ISO
 * strings and nodes or maps become plain objects.
 */
import neo4j from 'neo4j-driver';

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (Array.isArray(value)) return value.map(toPlain);
  if (
    neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)
  ) {
    return String(value);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return String(value);
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : String(toPlain(value));
}

export function asNullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : asString(value);
}

export function asNumber(value: unknown): number {
  const plain = toPlain(value);
  return typeof plain === 'number' ? plain : Number(plain);
}

export function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(asString) : [];
}

export function asRecord(value: unknown): Record<string, Plain> {
  const plain = toPlain(value);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? plain : {};
}

export { compareCodePoints } from '../code-point-order.ts';

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
