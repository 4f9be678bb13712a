/**
 * The dossier's ring.gexf (engine/dossier/gexf.ts) is well-formed XML 1.0
 * whatever text the export held: characters XML forbids become U+FFFD.
 */
import { describe, expect, it } from 'vitest';
import { ringGexf, xmlSafe } from '../../engine/dossier/gexf.ts';
import type { Subgraph } from '../../engine/model/graph.ts';
import type { RingLayout } from '../../engine/dossier/ring-layout.ts';

/** Every code point XML 1.0 allows (§2.2): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
function forbiddenCodePoints(xml: string): number[] {
  const bad: number[] = [];
  for (let i = 0; i < xml.length; i++) {
    const unit = xml.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = xml.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
      bad.push(unit);
      continue;
    }
    const allowed = unit === 0x9 || unit === 0xa || unit === 0xd || (unit >= 0x20 && unit <= 0xd7ff) || (unit >= 0xe000 && unit <= 0xfffd);
    if (!allowed) bad.push(unit);
  }
  return bad;
}

const meta = { ringId: 'R-1', runId: 'run-1', date: '2026-12-02T10:07:21.598Z' };

function ringWith(name: string): { graph: Subgraph; layout: RingLayout } {
  const graph: Subgraph = {
    nodes: [
      { id: 'seller:S-1', type: 'seller', key: 'S-1', label: name, attributes: { name } },
      { id: 'seller:S-2', type: 'seller', key: 'S-2', label: 'Plain', attributes: { name: 'Plain' } },
    ],
    edges: [{ id: 'e1', source: 'seller:S-1', target: 'seller:S-2', type: 'USES_EMAIL' }],
    truncated: false,
  };
  const layout: RingLayout = {
    nodes: graph.nodes.map((n, i) => ({ id: n.id, type: n.type, key: n.key, label: n.label, member: true, x: i, y: -i })),
    edges: [],
  };
  return { graph, layout };
}

describe('ringGexf', () => {
  it('when a seller name holds NUL, U+0001 and other characters XML forbids, then the file has none of them and shows U+FFFD', () => {
    const { graph, layout } = ringWith('Star\u0000Lucky\u0001 \u000b\u001f\uffff\ud800 Goods');
    const xml = ringGexf(graph, layout, meta);
    expect(forbiddenCodePoints(xml)).toEqual([]);
    expect(xml).toContain('Star\ufffdLucky\ufffd \ufffd\ufffd\ufffd\ufffd Goods');
  });

  it('when text is allowed in XML, then it is written unchanged, astral characters included', () => {
    const { graph, layout } = ringWith('Lucky Star 😀 号 é');
    const xml = ringGexf(graph, layout, meta);
    expect(forbiddenCodePoints(xml)).toEqual([]);
    expect(xml).toContain('Lucky Star 😀 号 é');
    expect(xmlSafe('a\ud83d\ude00b\udc00')).toBe('a😀b\ufffd');
  });
});
