/**
 * Types for the ForceAtlas2 internals the explorer reuses (the package types
 * only its public API): one iteration over the flat matrices (the worker) and
 * the helper that builds those matrices from a graph (the layout runner).
 */
declare module 'graphology-layout-forceatlas2/iterate.js' {
  import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
  export default function iterate(settings: Required<ForceAtlas2Settings>, nodes: Float32Array, edges: Float32Array): void;
}

declare module 'graphology-layout-forceatlas2/helpers.js' {
  import type Graph from 'graphology';
  import type { Attributes } from 'graphology-types';
  /** Node (10 floats each) and edge (3 floats each) matrices of `graph`, in its node and edge order. */
  export function graphToByteArrays<N extends Attributes, E extends Attributes>(
    graph: Graph<N, E>,
    getEdgeWeight: (edge: string, attributes: E, source: string, target: string, sourceAttributes: N, targetAttributes: N, undirected: boolean) => number,
  ): { nodes: Float32Array; edges: Float32Array };
}
