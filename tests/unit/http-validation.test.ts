import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptsList, pageQuery, parsePart, queryList } from '../../api/http/validation.ts';

describe('query validation', () => {
  const schema = z.object({ ...pageQuery, brand: queryList(z.string(), { commas: false }).meta({ description: 'brands' }), types: queryList(z.enum(['seller', 'shop'])) });

  it('when a list field is wrapped in optional, meta or a pipe, then it is still seen as a list, and scalars are not', () => {
    expect(acceptsList(schema.shape.brand)).toBe(true);
    expect(acceptsList(schema.shape.types)).toBe(true);
    expect(acceptsList(schema.shape.limit)).toBe(false);
    expect(acceptsList(z.string().optional())).toBe(false);
  });

  it('when a scalar key is repeated, then INVALID_INPUT names it; a repeated list key is fine', () => {
    expect(() => parsePart(schema, { limit: ['1', '2'] }, 'query')).toThrow(/query\.limit: given 2 times/);
    expect(parsePart(schema, { types: ['seller', 'shop'] }, 'query').types).toEqual(['seller', 'shop']);
  });

  it('when commas are off, then only repeated keys separate items, so a brand may hold a comma', () => {
    expect(parsePart(schema, { brand: 'Marquette, Paris' }, 'query').brand).toEqual(['Marquette, Paris']);
    expect(parsePart(schema, { brand: ['Marquette, Paris', 'Vexa'] }, 'query').brand).toEqual(['Marquette, Paris', 'Vexa']);
    expect(parsePart(schema, { types: 'seller,shop' }, 'query').types).toEqual(['seller', 'shop']);
  });

  it('when a repeated key is outside the schema, then it is refused too rather than silently kept', () => {
    expect(() => parsePart(schema, { other: ['a', 'b'] }, 'query')).toThrow(/query\.other/);
  });
});
