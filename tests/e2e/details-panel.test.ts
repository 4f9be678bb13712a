/**
 * What the details panel says about a node, read against the API: ids in the
 * section headings as they are written (the stylesheet sets headings in
 * capitals, and ring ids are case-sensitive), and an address's raw variants
 * counted as the ring subgraph sends them (a preview, with the total), and
 * its parcels per shop as the API's neighbourhood gives them, in words ("1 parcel").
 */
import { describe, expect, it } from 'vitest';
import type { Subgraph } from '../../api/http/schemas.ts';
import { entityPath } from '../../viz/remote/client.ts';
import { settled, shot, signIn, useExplorer } from './explorer-fixture.ts';

describe('explorer details panel', () => {
  const explorer = useExplorer();

  const read = async (path: string): Promise<Subgraph> => {
    const response = await fetch(`${explorer().url}/api${path}`, { headers: { authorization: `Bearer ${explorer().tokens.investigator}` } });
    return (await response.json()) as Subgraph;
  };
  const subgraph = (ringId: string): Promise<Subgraph> => read(`/rings/${ringId}/subgraph?limit=5000`);

  it('when a member seller is selected, then the "why" heading shows the ring id as written', async () => {
    const ring = explorer().rings[0]!;
    const member = ring.members[0]!;
    expect(ring.id).toMatch(/[a-z]/);
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, explorer().tokens.investigator);
      await page.goto(`${explorer().url}/?ring=${ring.id}&sel=${encodeURIComponent(`seller:${member}`)}`);
      await settled(page);
      const heading = page.locator('[data-testid=node-details] .detail-section h3', { hasText: /why in ring/i });
      await heading.waitFor();
      // innerText is what the reader sees (and copies), after the stylesheet's capitals.
      expect(await heading.innerText()).toContain(ring.id);
    } finally {
      await page.close();
    }
  });

  it('when an address with more variants than the preview is selected, then the heading gives the preview and the total, and each shop its parcels in words', async () => {
    let found: { ringId: string; nodeId: string; shown: number; total: number } | null = null;
    for (const ring of explorer().rings.slice(0, 10)) {
      const graph = await subgraph(ring.id);
      const address = graph.nodes.find((n) => n.type === 'address' && typeof n.attributes.variantsCount === 'number');
      if (address) {
        found = { ringId: ring.id, nodeId: address.id, shown: (address.attributes.variants as string[]).length, total: address.attributes.variantsCount as number };
        break;
      }
    }
    expect(found, 'an address whose variants the subgraph previews').not.toBeNull();
    const { ringId, nodeId, shown, total } = found!;
    expect(total).toBeGreaterThan(shown);
    const page = await explorer().browser.context.newPage();
    try {
      await signIn(page, explorer().url, explorer().tokens.investigator);
      await page.goto(`${explorer().url}/?ring=${ringId}&sel=${encodeURIComponent(nodeId)}`);
      await settled(page);
      const heading = page.locator('[data-testid=node-details] .detail-section h3', { hasText: /raw address variants/i });
      await heading.waitFor();
      await shot(page, 'details-address-variants');
      expect(await heading.innerText()).toMatch(new RegExp(`\\(${shown} of ${total.toLocaleString('en')}\\)`, 'i'));
      expect(await page.locator('[data-testid=node-details] ul.variants li').count()).toBe(shown);

      const around = await read(`${entityPath(nodeId)}/neighbourhood?limit=300&types=shop,seller,shipment`);
      const parcels = around.edges.filter((e) => e.type === 'SHIPS_FROM' && e.target === nodeId).map((e) => `${e.weight} ${e.weight === 1 ? 'parcel' : 'parcels'}`);
      expect(parcels).toContain('1 parcel');
      const section = page.locator('[data-testid=address-ties] .detail-section', { hasText: /shops shipping from here/i });
      await section.waitFor();
      expect((await section.locator('.num').allInnerTexts()).sort()).toEqual(parcels.sort());
    } finally {
      await page.close();
    }
  });
});
