/**
 * Shapes of the API answers the explorer reads, as the OpenAPI document at
 * /api/openapi.json describes them. Graph and ring pieces are the engine's
 * own types (imported as types only); the summaries are the API's views.
 */
import type { GraphNode, LikelySource, RingChange, Role, SharedIdentifier, Subgraph, WhyItem } from '../../engine/index.ts';

export interface Page {
  offset: number;
  limit: number;
  total: number | null;
  nextOffset: number | null;
}

export interface Paged<T> {
  items: T[];
  page: Page;
}

export interface RingSummary {
  id: string;
  runId: string | null;
  score: number;
  /** 'ring': under evidence of common control; 'linked': a pair or a group tied by less. */
  tier: 'ring' | 'linked';
  size: number;
  shops: number;
  brands: string[];
  change: RingChange | null;
  previousIds: string[];
  evidence: { counterfeitReports: number; takedowns: number; bannedSellers?: number };
  scoreBreakdown: Record<string, number>;
  likelySources: LikelySource[];
}

/** Per brand, as GET /api/rings/:id returns it: members with counterfeit verdicts for it, and members with any report. */
export interface BrandEvidence {
  brand: string;
  counterfeitSellers: number;
  reportedSellers: number;
}

export interface RingDetail extends Omit<RingSummary, 'shops'> {
  shops: string[];
  members: Array<{ sellerId: string; why: WhyItem[] }>;
  sharedIdentifiers: SharedIdentifier[];
  evidenceByBrand: BrandEvidence[];
  history: Array<{ runId: string; startedAt: string; size: number; score: number; change: string | null }>;
}

export interface Me {
  name: string;
  role: Role;
  brands: string[];
}

/** The rings overview: rings as nodes, links where rings share identifiers. */
export interface RingsOverview {
  runId: string | null;
  rings: Array<Pick<RingSummary, 'id' | 'score' | 'size' | 'brands' | 'change'>>;
  links: Array<{ source: string; target: string; shared: number; weight: number; examples: string[] }>;
  /** Identifiers shared by too many rings to mean anything (not linked). */
  hubsSkipped: number;
  truncated: boolean;
}

export type { GraphNode, Subgraph };
