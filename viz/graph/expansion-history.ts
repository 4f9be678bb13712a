/**
 * The stack of neighbourhood expansions, for undo and for deep links: each
 * entry remembers exactly which nodes and edges it added, so undo removes
 * those and nothing that was there before (or that a later expansion also
 * brought — later entries are undone first).
 */
import type { ExplorerGraph } from './attributes.ts';
import type { MergeResult } from './merge-subgraph.ts';

export interface Expansion extends MergeResult {
  /** The node that was expanded. */
  nodeId: string;
}

export interface ExpansionHistory {
  push(expansion: Expansion): void;
  /** Removes the last expansion's additions from the graph; null when there is none. */
  undo(graph: ExplorerGraph): Expansion | null;
  /** Expanded node ids, oldest first (what the URL records). */
  nodeIds(): string[];
  /** Every node the expansions added (what the evidence view always shows). */
  addedNodes(): Set<string>;
  has(nodeId: string): boolean;
  clear(): void;
}

export function createExpansionHistory(): ExpansionHistory {
  const stack: Expansion[] = [];
  return {
    push: (expansion) => void stack.push(expansion),
    undo(graph) {
      const last = stack.pop();
      if (!last) return null;
      for (const edge of last.addedEdges) if (graph.hasEdge(edge)) graph.dropEdge(edge);
      for (const node of last.addedNodes) if (graph.hasNode(node)) graph.dropNode(node);
      return last;
    },
    nodeIds: () => stack.map((e) => e.nodeId),
    addedNodes: () => new Set(stack.flatMap((e) => e.addedNodes)),
    has: (nodeId) => stack.some((e) => e.nodeId === nodeId),
    clear: () => void stack.splice(0),
  };
}
