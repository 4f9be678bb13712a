/**
 * Search across seller and shop names and ids, phones, emails, ID hashes,
 * account ids and address text. The query is also read the way ingest reads
 * identifiers — a phone-like query normalised like a phone, an email-like one
 * like an email, an address-like one resolved to its canonical text and key —
 * so any variant a person types finds the node every variant was loaded into;
 * an id typed with a lower-case prefix (`sh-0000451`) is tried with it in capitals.
 * Variants are tried most specific first and the first that finds anything
 * answers, so a search is one store query in the usual case.
 * Viewers cannot search personal identifiers (that would confirm who uses a
 * given phone); liaisons get only nodes in their scope.
 */
import {
  addressKey,
  NODE_TYPES,
  normalizeEmail,
  normalizePhone,
  resolveAddress,
  type FullStore,
  type GraphNode,
  type NodeType, PERSONAL_NODE_TYPES } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import { seesPersonalData, type Principal } from '../access/principal.ts';
import { filterNodes, type Scopes } from '../access/scope.ts';
import type { Paged } from '../schemas.ts';
import { page } from '../validation.ts';

export interface SearchInput {
  q: string;
  types?: NodeType[];
  offset: number;
  limit: number;
}

/** The most store hits a liaison's search reads to fill its page from its scope. */
const SCOPED_SEARCH_MAX = 5_000;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;
const PHONE_LIKE = /^[+(]?[\d\s().\-\uFF10-\uFF19\uFF0B]{6,}$/;
/** A number and a word: "12 Harbour Rd", "Rm 5, Bldg 3" — worth resolving as a place. */
const ADDRESS_LIKE = /\d.*\p{L}{2,}|\p{L}{2,}.*\d/u;
/** An id typed with its letter prefix in lower case: `s-000358`, `sh-0000451`, `dv-e27ad85…` (id columns match case-sensitively). */
const LOWER_PREFIX_ID = /^([A-Za-z]*[a-z][A-Za-z]*)(-\S*\d\S*)$/;

/** The texts to look up, most specific first: canonical forms, then the query as typed. */
export function searchVariants(q: string): { texts: string[]; addressKey: string | null } {
  const text = q.trim();
  const texts: string[] = [];
  let key: string | null = null;
  if (EMAIL_LIKE.test(text)) {
    const email = normalizeEmail(text);
    if (email) texts.push(email);
  } else if (PHONE_LIKE.test(text)) {
    const phone = normalizePhone(text);
    if (phone) texts.push(phone);
  } else if (ADDRESS_LIKE.test(text)) {
    const resolved = resolveAddress(text);
    if (resolved) {
      texts.push(resolved.text);
      key = addressKey(text);
    }
  }
  texts.push(text);
  // Last, as it finds something only when nothing above did: the id as exports write them, prefix in capitals.
  const id = LOWER_PREFIX_ID.exec(text);
  if (id) texts.push(`${id[1]!.toUpperCase()}${id[2]!}`);
  return { texts: [...new Set(texts)], addressKey: key };
}

export async function search(
  store: FullStore,
  access: { principal: Principal; masker: Masker; scopes: Scopes },
  input: SearchInput,
): Promise<Paged<GraphNode>> {
  let types = input.types;
  if (access.principal.personalData === 'none') {
    types = (types ?? [...NODE_TYPES]).filter((t) => !PERSONAL_NODE_TYPES.has(t));
    if (types.length === 0) return { items: [], page: page(input.offset, input.limit, 0, 0) };
  }
  const wanted = input.offset + input.limit;
  const { texts, addressKey: key } = searchVariants(input.q);
  const scope = access.principal.role === 'liaison' ? await access.scopes.of(access.principal) : null;
  const visible = (nodes: GraphNode[]): GraphNode[] => {
    if (scope === null) return nodes;
    const inScope = filterNodes(nodes, scope);
    // Under `members`, a personal node found by its real value but outside the members' identifiers is not returned at all.
    return access.principal.personalData === 'members' ? inScope.filter((n) => !PERSONAL_NODE_TYPES.has(n.type) || scope.memberNodeIds.has(n.id)) : inScope;
  };
  // Most specific first, and the first variant that finds anything the caller may see answers: one store search in
  // the usual case (the query as typed is asked only when its canonical form finds nothing). A place the query
  // resolves to exactly answers alone, in the same store search.
  const lookup = async (limit: number): Promise<{ nodes: GraphNode[]; more: boolean }> => {
    const found = new Map<string, GraphNode>();
    let more = false;
    for (const [n, text] of texts.entries()) {
      if (found.size > 0 && visible([...found.values()]).length > 0) break;
      const exact = n === 0 && key !== null ? { addressKey: key } : {};
      const hits = await store.search({ text, limit, ...(types ? { types } : {}), ...exact });
      if (hits.length >= limit) more = true;
      for (const node of hits) if (!found.has(node.id)) found.set(node.id, node);
    }
    return { nodes: visible([...found.values()]), more };
  };
  // A liaison's results are the store's best hits that fall in its scope: when too few do and the store had more,
  // ask again for more (up to a bound), so hits outside the scope do not push its own off the page.
  let limit = wanted + 1;
  let { nodes, more } = await lookup(limit);
  while (scope !== null && nodes.length <= wanted && more && limit < SCOPED_SEARCH_MAX) {
    limit = Math.min(limit * 8, SCOPED_SEARCH_MAX);
    ({ nodes, more } = await lookup(limit));
  }
  const slice = nodes.slice(input.offset, wanted);
  const reveal = (n: GraphNode): boolean => seesPersonalData(access.principal) || (scope !== null && access.principal.personalData === 'members' && scope.memberNodeIds.has(n.id));
  const items = slice.map((n) => (reveal(n) ? n : access.masker.node(n)));
  // The total is unknown (the store stops at the limit): a next page is offered while results fill the page.
  return { items, page: { ...page(input.offset, input.limit, slice.length, null), nextOffset: nodes.length > wanted ? wanted : null } };
}
