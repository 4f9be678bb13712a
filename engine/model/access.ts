/** Tokens, roles and audit entries (stored by both adapters). */

import { EngineError } from './errors.ts';

export const ROLES = ['admin', 'investigator', 'liaison', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  /** Brand scope for liaisons; empty for other roles. */
  brands: string[];
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  hash: string;
  createdAt: string;
  revokedAt: string | null;
  /** After this instant the token is refused; null: it does not expire. */
  expiresAt: string | null;
  /** When it last authenticated a request (recorded at most once a minute). */
  lastUsedAt: string | null;
  /** `api`: a bearer token; `login`: a one-time code, exchanged once for a browser token and never accepted as a bearer. */
  purpose: 'api' | 'login';
}

/** How an audited request ended: allowed and answered, refused, or failed. */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  id: string;
  at: string;
  tokenName: string | null;
  role: Role | null;
  action: string;
  route: string | null;
  ringIds: string[];
  entityIds: string[];
  remote: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  since?: string;
  until?: string;
  tokenName?: string;
  action?: string;
  outcome?: string;
  offset: number;
  limit: number;
}

/** What a store's `createToken` throws when a live token already has the name (both adapters, one wording). */
export function nameTaken(name: string): EngineError {
  return new EngineError('CONFLICT', `a live token is already named '${name}'; choose another name or revoke that token first`, { details: { field: 'name' } });
}
