/**
 * The identifier table detection links sellers through
 * (engine/detect/identifier-table.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildIdentifierTable } from '../../engine/detect/identifier-table.ts';
import type { IdentifierGroup } from '../../engine/model/rings.ts';

async function* groupsOf(groups: IdentifierGroup[]): AsyncIterable<IdentifierGroup> {
  yield* groups;
}

describe('buildIdentifierTable', () => {
  it("when a store holds an identifier with an empty value (an address keyed '' from an older load), then it links nobody", async () => {
    const table = await buildIdentifierTable(
      groupsOf([
        { type: 'warehouse_address', value: '', size: 3, sellers: ['A-1', 'A-2', 'A-3'] },
        { type: 'return_address', value: ' ', size: 2, sellers: ['A-1', 'A-2'] },
        { type: 'payment_account', value: 'ACC-1', size: 2, sellers: ['A-1', 'B-1'] },
      ]),
    );
    expect(table.groupCount).toBe(1);
    expect(table.value).toEqual(['ACC-1']);
    expect(table.sellerIds).toEqual(['A-1', 'B-1']);
  });
});
