/**
 * Who is calling: the token's name, role and brand scope, and what each role
 * may do. Role checks are data (`can`), so the route table, the tests' role
 * matrix and the OpenAPI document read the same rules.
 */
import type { Role } from '../../../engine/index.ts';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Liaisons only: the brands whose rings they may see. */
  brands: string[];
}

/** Roles that see personal data (phones, emails, ID hashes, account ids) unmasked. */
export function seesPersonalData(principal: Principal): boolean {
  return principal.role !== 'viewer';
}

export function isScoped(principal: Principal): boolean {
  return principal.role === 'liaison';
}

export const ALL_ROLES: readonly Role[] = ['admin', 'investigator', 'liaison', 'viewer'];
export const READERS: readonly Role[] = ALL_ROLES;
/** May start work that changes what everyone sees (detection runs, loads). */
export const OPERATORS: readonly Role[] = ['admin', 'investigator'];
export const ADMINS: readonly Role[] = ['admin'];
