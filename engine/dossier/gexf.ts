/**
 * The ring as a GEXF 1.3 file Gephi opens (graphology-gexf's writer): nodes
 * with type, key, label, membership and the dossier's layout positions and
 * colours; edges with their relationship type. No timestamps but the run's,
 * so it rebuilds byte-identically. Text from an export may hold characters
 * XML 1.0 does not allow (NUL, other C0 controls, U+FFFE/U+FFFF, a lone
 * surrogate); each is written as U+FFFD so the file stays well-formed.
 */
import { MultiDirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import type { Subgraph } from '../model/graph.ts';
import { printStyle } from './palette.ts';
import type { RingLayout } from './ring-layout.ts';

/** Code points XML 1.0 forbids (§2.2 Char): C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every character XML 1.0 does not allow replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '\ufffd');
}

export function ringGexf(graph: Subgraph, layout: RingLayout, meta: { ringId: string; runId: string; date: string }): string {
  const g = new MultiDirectedGraph({ allowSelfLoops: false });
  g.replaceAttributes({ creator: 'ringtrace', description: `Ring ${meta.ringId} of run ${meta.runId}`, lastModifiedDate: meta.date.slice(0, 10) });
  const attributes = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const placed of layout.nodes) {
    const node = attributes.get(placed.id)!;
    const style = printStyle(placed.type);
    g.addNode(placed.id, {
      label: placed.label,
      type: placed.type,
      key: placed.key,
      ringMember: placed.member,
      x: Number(placed.x.toFixed(3)),
      y: Number(placed.y.toFixed(3)),
      size: style.size,
      color: style.color,
      ...(typeof node.attributes['name'] === 'string' ? { name: node.attributes['name'] } : {}),
    });
  }
  for (const e of graph.edges) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    g.addEdgeWithKey(e.id, e.source, e.target, { label: e.type, relationship: e.type, ...(e.weight !== undefined ? { weight: e.weight } : {}) });
  }
  // The serialised document, not each value: ids, labels, names and meta all pass through here.
  return xmlSafe(write(g, { version: '1.3', pretty: true }));
}
