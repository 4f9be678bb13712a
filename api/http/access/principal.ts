/**
 * Who is calling: the token's name, role and brand scope, and what each role
 * may do. Role checks are data (`can`), so the route table, the tests' role
 * matrix and the OpenAPI document read the same rules.
 */
import type { Role } from '../../../engine/index.ts';

/**
 * Which personal data (phones, emails, ID hashes, account ids, devices) a
 * caller sees unmasked: all of it, none (pseudonyms and `(masked)`), or only
 * that of the members of the rings in its scope and their identifiers.
 */
export type PersonalDataRule = 'all' | 'none' | 'members';

/** The stated policy per role: admins and investigators all, viewers none, liaisons as configured (default `members`). */
export function personalDataRule(role: Role, liaison: 'members' | 'masked' | 'all'): PersonalDataRule {
  if (role === 'viewer') return 'none';
  if (role !== 'liaison') return 'all';
  return liaison === 'masked' ? 'none' : liaison;
}

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Liaisons only: the brands whose rings they may see. */
  brands: string[];
  personalData: PersonalDataRule;
}

/** Sees every personal value it can reach unmasked. */
export function seesPersonalData(principal: Principal): boolean {
  return principal.personalData === 'all';
}

export function isScoped(principal: Principal): boolean {
  return principal.role === 'liaison';
}

export const ALL_ROLES: readonly Role[] = ['admin', 'investigator', 'liaison', 'viewer'];
export const READERS: readonly Role[] = ALL_ROLES;
/** May start work that changes what everyone sees (detection runs, loads). */
export const OPERATORS: readonly Role[] = ['admin', 'investigator'];
export const ADMINS: readonly Role[] = ['admin'];
