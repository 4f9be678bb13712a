/**
 * What the explorer keeps on graphology nodes and edges: domain data only
 * (type, label, ring membership, evidence, time), plus the layout position.
 * Colours, sizes and shapes are computed by the reducers from this and the
 * view state, so nothing here changes when the look does.
 */
import type { AbstractGraph } from 'graphology-types';
import type { EdgeType, NodeType } from '../../engine/index.ts';
import type { GraphNode } from '../../api/http/schemas.ts';

export interface NodeAttributes {
  x: number;
  y: number;
  nodeType: NodeType;
  key: string;
  label: string;
  /** A member of the ring on screen. */
  ringMember: boolean;
  attributes: GraphNode['attributes'];
  /** Epoch ms for dated nodes (a report or shipment's date, a shop's opening): what the time filter reads. */
  at: number | null;
  /** A shop's closing (epoch ms); null while open and for one-off events. */
  until?: number | null;
  /** Overview only: ring size, which sizes the ring's node. */
  magnitude: number;
}

export interface EdgeAttributes {
  edgeType: EdgeType | 'SHARES';
  /** Evidence weight in [0, 1] where the edge carries evidence; null for structure (seller→shop, report→brand). */
  evidence: number | null;
  /** Attraction for the layout. */
  weight: number;
  /** SHIPS_FROM only: parcels shipped along it (what "size by parcels" sums). */
  parcels?: number;
}

export type ExplorerGraph = AbstractGraph<NodeAttributes, EdgeAttributes>;
