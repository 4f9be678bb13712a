import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT_PARAMS, detectRings, emptySellerFacts, type DetectionReads, type IdentifierGroup, type SellerFacts } from '../../engine/index.ts';
import { DETECT_PARAM_RANGES, runModularity, validateParams } from '../../engine/detect/detect-rings.ts';
import type { EvidenceGraph } from '../../engine/detect/evidence-graph.ts';
import { deriveHubThreshold } from '../../engine/detect/hubs.ts';
import { matchRings } from '../../engine/detect/lineage.ts';
import { REFERENCE_RING, scoreRing } from '../../engine/detect/score.ts';

function facts(id: string, over: Partial<SellerFacts> = {}): SellerFacts {
  return { ...emptySellerFacts(id, 'active'), shopIds: [`shop-${id}`], ...over };
}

/** An in-memory DetectionReads over hand-written identifier groups. */
function readsOf(groups: IdentifierGroup[], sellerCount: number, factOverrides: Record<string, Partial<SellerFacts>> = {}): DetectionReads {
  return {
    async *identifierGroups(query) {
      for (const g of groups) {
        if (g.size < (query.minSellers ?? 2)) continue;
        yield query.maxSellers !== undefined && g.size > query.maxSellers ? { ...g, sellers: [], shipments: undefined } : g;
      }
    },
    async sellerFacts(ids) {
      return new Map(ids.map((id) => [id, facts(id, factOverrides[id])]));
    },
    async addressTexts(keys) {
      return new Map(keys.map((k) => [k, `Text of ${k}`]));
    },
    async sellerCount() {
      return sellerCount;
    },
  };
}

function group(type: IdentifierGroup['type'], value: string, sellers: string[], shipments?: number[]): IdentifierGroup {
  return { type, value, size: sellers.length, sellers: [...sellers].sort(), ...(shipments ? { shipments } : {}) };
}

/** Two rings, a family, a hub that touches everyone, and an honest seller with a recycled number. */
function marketplace(): IdentifierGroup[] {
  const hubMembers = Array.from({ length: 4000 }, (_, i) => `H${String(i).padStart(4, '0')}`);
  const ringA = ['A1', 'A2', 'A3', 'A4'];
  const ringB = ['B1', 'B2', 'B3'];
  return [
    group('payment_account', 'acc-A', ['A1', 'A2']),
    group('payment_account', 'acc-A2', ['A3', 'A4']),
    group('id_document', 'id-A', ['A2', 'A3']),
    group('warehouse_address', 'wh-A', ringA),
    group('shipment_origin', 'wh-A', ringA, [40, 30, 20, 10]),
    group('payment_account', 'acc-B', ['B1', 'B2', 'B3']),
    group('shipment_origin', 'wh-B', ringB, [25, 25, 25]),
    group('registered_address', 'home-F', ['F1', 'F2']),
    group('phone', '+861', ['F1', 'F2']),
    group('shipment_origin', 'home-F', ['F1', 'F2'], [2, 1]),
    group('phone', '+862', ['A1', 'X1']),
    group('shipment_origin', 'courier-hub', [...hubMembers, ...ringA, ...ringB, 'F1', 'X1'].sort(), undefined),
  ];
}

describe('detectRings', () => {
  it('when rings share a hub, then the hub is listed and does not glue them together', async () => {
    const result = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS);
    const members = result.rings.map((r) => r.members.join(','));
    expect(members).toContain('A1,A2,A3,A4');
    expect(members).toContain('B1,B2,B3');
    expect(result.run.hubs.map((h) => h.value)).toEqual(['courier-hub']);
  });

  it('when an honest seller shares only a recycled phone with a member, then it is not in the ring', async () => {
    const result = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS);
    expect(result.rings.some((r) => r.members.includes('X1'))).toBe(false);
  });

  it('when a family shares a home, then it may form a group but scores below every ring', async () => {
    const result = await detectRings(readsOf(marketplace(), 4012, { B1: { counterfeitReports: 2, counterfeitBrands: ['Aurelle'] } }), DEFAULT_DETECT_PARAMS);
    const family = result.rings.find((r) => r.members.includes('F1'));
    const rings = result.rings.filter((r) => !r.members.includes('F1'));
    for (const ring of rings) expect(ring.score).toBeGreaterThan(family?.score ?? 0);
    expect(family?.scoreBreakdown.householdPattern ?? -1).toBeLessThan(0);
  });

  it('when a family of three shares its home and computer without a verdict, then it is linked; with a verdict it is a ring', async () => {
    const family = ['G1', 'G2', 'G3'];
    const groups = [...marketplace(), group('registered_address', 'home-G', family), group('device', 'pc-G', family)];
    const quiet = (await detectRings(readsOf(groups, 4015), DEFAULT_DETECT_PARAMS)).rings.find((r) => r.members.includes('G1'));
    expect(quiet?.members).toEqual(family);
    expect(quiet?.tier).toBe('linked');
    const reported = (await detectRings(readsOf(groups, 4015, { G2: { counterfeitReports: 1, counterfeitBrands: ['Aurelle'] } }), DEFAULT_DETECT_PARAMS)).rings.find((r) => r.members.includes('G1'));
    expect(reported?.tier).toBe('ring');
    // A shared device with a warehouse beyond the home stays a ring without any verdict.
    const operation = [...marketplace(), group('device', 'pc-W', family), group('warehouse_address', 'wh-W', family)];
    expect((await detectRings(readsOf(operation, 4015), DEFAULT_DETECT_PARAMS)).rings.find((r) => r.members.includes('G1'))?.tier).toBe('ring');
  });

  it('when a ring is found, then its score is the sum of its breakdown and each member has a why', async () => {
    const result = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS);
    const ringA = result.rings.find((r) => r.members.includes('A1'))!;
    const sum = Object.values(ringA.scoreBreakdown).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(ringA.score, 3);
    expect(Object.keys(ringA.why!).sort()).toEqual(ringA.members);
    const a2 = ringA.why!.A2!;
    expect(a2.map((w) => w.type)).toContain('id_document');
    expect(a2.find((w) => w.type === 'id_document')!.sharedWith).toEqual(['A3']);
    expect(ringA.likelySources[0]).toMatchObject({ key: 'wh-A', address: 'Text of wh-A', shipments: 100, sellers: 4 });
  });

  it('when run twice on the same data and parameters, then the rings are identical', async () => {
    const a = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS);
    const b = await detectRings(readsOf([...marketplace()].reverse(), 4012), DEFAULT_DETECT_PARAMS);
    expect(b.rings.map((r) => [r.id, r.members, r.score])).toEqual(a.rings.map((r) => [r.id, r.members, r.score]));
    expect(b.run.fingerprint).toBe(a.run.fingerprint);
    expect(a.run.communityEngine).toBe('in-process');
  });

  it('when Louvain splits a ring whose pieces share a payout account, then the pieces are merged', async () => {
    // Two dense warehouse cliques joined only by shared accounts: one operation.
    const left = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'];
    const right = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'];
    const groups = [
      group('warehouse_address', 'wh-L', left),
      group('shipment_origin', 'wh-L', left, left.map(() => 30)),
      group('warehouse_address', 'wh-R', right),
      group('shipment_origin', 'wh-R', right, right.map(() => 30)),
      // Each side is one operation beyond its warehouse too (a shared device), as real rings are.
      group('device', 'dv-L', left),
      group('device', 'dv-R', right),
      group('payment_account', 'bridge-1', ['L1', 'R1']),
      group('payment_account', 'bridge-2', ['L2', 'R2']),
    ];
    const merged = await detectRings(readsOf(groups, 1000), DEFAULT_DETECT_PARAMS);
    expect(merged.rings).toHaveLength(1);
    const split = await detectRings(readsOf(groups, 1000), { ...DEFAULT_DETECT_PARAMS, mergeSharedControl: 0 });
    expect(split.rings).toHaveLength(2);
  });

  it('when a run-id generator and clock are injected, then the run and every ring carry that id and the same input gives byte-identical output', async () => {
    const options = { now: () => new Date('2026-03-01T00:00:00Z'), newRunId: () => 'run-fixed' };
    const a = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS, options);
    const b = await detectRings(readsOf(marketplace(), 4012), DEFAULT_DETECT_PARAMS, options);

    expect(a.run.id).toBe('run-fixed');
    expect(a.rings.every((r) => r.runId === 'run-fixed' && r.id.startsWith('R-') && r.change === 'new')).toBe(true);
    expect(JSON.stringify({ ...a, run: { ...a.run, timingsMs: {} } })).toBe(JSON.stringify({ ...b, run: { ...b.run, timingsMs: {} } }));
  });

  it('when two sellers share a device and a kiosk serves thousands, then the device ties them and the kiosk is a hub', async () => {
    const kiosk = Array.from({ length: 3000 }, (_, i) => `K${String(i).padStart(4, '0')}`);
    const groups = [
      group('device', 'DV-1', ['D1', 'D2']),
      group('payment_account', 'ACC-D', ['D1', 'D2']),
      group('device', 'KIOSK', [...kiosk, 'D1']),
    ];

    const result = await detectRings(readsOf(groups, 3100), DEFAULT_DETECT_PARAMS);

    expect(result.rings.map((r) => r.members)).toEqual([['D1', 'D2']]);
    expect(result.rings[0]!.sharedIdentifiers.map((s) => s.type).sort()).toEqual(['device', 'payment_account']);
    expect(result.run.hubs).toContainEqual({ type: 'device', value: 'KIOSK', sellers: 3001 });
  });

  it('when parameters are invalid, then INVALID_INPUT names the field', async () => {
    await expect(detectRings(readsOf([], 0), { ...DEFAULT_DETECT_PARAMS, resolution: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'resolution' } });
  });

  it.each([
    ['resolution', 1e308],
    ['resolution', Number.POSITIVE_INFINITY],
    ['seed', 2 ** 40],
    ['seed', -1],
    ['hubThreshold', 1e12],
    ['minLinkWeight', 1e300],
    ['minMemberStrength', Number.NaN],
    ['mergeSharedControl', 1e9],
    ['minRingSize', 1e9],
    ['coOccurrenceMinShared', 1e9],
  ] as const)('when %s is %d, outside its documented range, then INVALID_INPUT names it and gives the range', (field, value) => {
    const range = DETECT_PARAM_RANGES[field];
    expect(() => validateParams({ ...DEFAULT_DETECT_PARAMS, [field]: value })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field }, message: expect.stringContaining(`${field}: must be`) }));
    expect(() => validateParams({ ...DEFAULT_DETECT_PARAMS, [field]: range.max })).not.toThrow();
  });

  it('when a run\'s modularity cannot be recorded as a number (resolution 1e308 overflows it), then the run fails naming resolution instead of recording null', () => {
    // Two pairs of sellers, one edge each: modularity -1e308·(1/4 + 1/4) is finite, but not once scaled to be rounded to 4 decimals.
    const graph: EvidenceGraph = {
      nodeCount: 4, edgeCount: 2, source: Int32Array.from([0, 2]), target: Int32Array.from([1, 3]), weight: Float32Array.from([1, 1]),
      strength: Float64Array.from([1, 1, 1, 1]), totalWeight: 2,
    };
    const community = Int32Array.from([0, 0, 1, 1]);
    expect(runModularity(graph, community, 0.3)).toBe(0.85);
    expect(() => runModularity(graph, community, 1e308)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'resolution' }, message: expect.stringContaining('too large to record') }));
  });
});

describe('deriveHubThreshold', () => {
  it('when big ring warehouses (60) and hubs (thousands) coexist, then the threshold falls in the gap', () => {
    const sizes = [2, 2, 3, 5, 8, 12, 20, 33, 41, 60, 2500, 3100, 4200];
    const t = deriveHubThreshold(sizes, 1_000_000);
    expect(t).toBeGreaterThanOrEqual(60);
    expect(t).toBeLessThan(2500);
  });

  it('when there is no convincing gap, then a share of all sellers caps it', () => {
    const sizes = Array.from({ length: 200 }, (_, i) => 30 + i * 5);
    expect(deriveHubThreshold(sizes, 10_000)).toBe(100);
  });
});

describe('matchRings', () => {
  it('when a ring keeps most members, then it keeps its id and is grown, shrunk or unchanged', () => {
    const previous = [
      { id: 'R-old1', members: ['a', 'b', 'c'] },
      { id: 'R-old2', members: ['d', 'e', 'f', 'g'] },
      { id: 'R-gone', members: ['x', 'y'] },
    ];
    const result = matchRings(previous, [['a', 'b', 'c', 'z'], ['d', 'e', 'f', 'g'], ['p', 'q']]);
    expect(result.assignments.map((a) => [a.id, a.change])).toEqual([
      ['R-old1', 'grown'],
      ['R-old2', 'unchanged'],
      [expect.stringMatching(/^R-[0-9a-f]{12}$/), 'new'],
    ]);
    expect(result.counts.dissolved).toBe(1);
  });

  it('when two old rings become one, then the new ring is merged and names both', () => {
    const result = matchRings(
      [
        { id: 'R-1', members: ['a', 'b', 'c'] },
        { id: 'R-2', members: ['d', 'e', 'f'] },
      ],
      [['a', 'b', 'c', 'd', 'e', 'f']],
    );
    expect(result.assignments[0]).toMatchObject({ change: 'merged', previousIds: ['R-1', 'R-2'] });
  });

  it('when a ring keeps its size but swaps members, then it keeps its id and is changed, not grown', () => {
    const result = matchRings([{ id: 'R-1', members: ['a', 'b', 'c', 'd', 'e'] }], [['a', 'b', 'c', 'x', 'y']]);

    expect(result.assignments[0]).toMatchObject({ id: 'R-1', change: 'changed', previousIds: ['R-1'] });
    expect(result.counts).toEqual({ changed: 1 });
  });
});

describe('scoreRing', () => {
  const evidenced = {
    size: 5, counterfeitReports: 6, genuineReports: 0, takedowns: 2, bannedSellers: 1, shops: 10, churnedShops: 5,
    sharedPaymentAccounts: 1, sharedIdDocuments: 0, sharedWarehouses: 1, sharedSourceParcels: 300, meanMemberStrength: 1.5,
    hasStrongTies: true, householdOnly: false, onePlaceOnly: false,
  };

  it('when a ring has counterfeit verdicts, then that feature dominates its explanation and it scores above the reference', () => {
    const { score, breakdown } = scoreRing(evidenced);
    const top = Object.entries(breakdown).sort((a, b) => b[1] - a[1])[0]![0];
    expect(top).toBe('counterfeitVerdicts');
    expect(score).toBeGreaterThan(0.7);
    expect(score).toBeLessThan(0.9);
  });

  it('when the reference ring is scored, then it scores 0.5; with more evidence, more, without saturating', () => {
    expect(scoreRing(REFERENCE_RING).score).toBe(0.5);
    const more = scoreRing({ ...evidenced, counterfeitReports: 51, size: 103, sharedPaymentAccounts: 30 }).score;
    const none = scoreRing({ ...evidenced, counterfeitReports: 0, takedowns: 0, bannedSellers: 0, size: 103, sharedPaymentAccounts: 30 }).score;
    expect(more).toBeGreaterThan(none);
    expect(more).toBeLessThan(0.995);
    expect(none).toBeGreaterThan(0.5);
  });

  it('when the only strong tie is one place, then the score is lower than with a shared payout account too', () => {
    const place = { ...REFERENCE_RING, sharedPaymentAccounts: 0, onePlaceOnly: true };
    expect(scoreRing(place).score).toBeLessThan(0.4);
    expect(scoreRing(place).breakdown.onePlaceOnly).toBeLessThan(0);
  });
});
