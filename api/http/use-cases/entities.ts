/**
 * Entity detail and neighbourhood expansion for every node type. Viewers name
 * personal nodes (phones, emails, ID documents, accounts) only by the
 * pseudonyms they were shown; liaisons see only nodes of their rings'
 * subgraphs, and only those come back from an expansion. Either refusal is a
 * NOT_FOUND, indistinguishable from a node that does not exist.
 */
import { EngineError, nodeId, type FullStore, type NodeRef, type NodeType, PERSONAL_NODE_TYPES } from '../../../engine/index.ts';
import type { Masker } from '../access/mask.ts';
import type { Principal } from '../access/principal.ts';
import { filterSubgraph, type Scopes } from '../access/scope.ts';
import type { AuditNote } from '../request-context.ts';
import type { GraphNode, Subgraph } from '../schemas.ts';
import { slimSubgraph } from './graph-views.ts';

export interface EntityAccess {
  store: FullStore;
  principal: Principal;
  masker: Masker;
  scopes: Scopes;
  audit: AuditNote;
}

/** Which node ids this caller sees unmasked. */
async function revealer(access: EntityAccess): Promise<(id: string) => boolean> {
  switch (access.principal.personalData) {
    case 'all':
      return () => true;
    case 'none':
      return () => false;
    case 'members': {
      const { memberNodeIds } = await access.scopes.of(access.principal);
      return (id) => memberNodeIds.has(id);
    }
  }
}

const notFound = (type: NodeType, key: string): EngineError => new EngineError('NOT_FOUND', `no ${type} ${key}`);

/** The store's key for what the caller named, or NOT_FOUND. */
async function resolveRef(access: EntityAccess, type: NodeType, key: string): Promise<NodeRef> {
  let real = key;
  // Pseudonyms are resolved for whoever was shown them; only `all` never is.
  if (access.principal.personalData === 'members' && access.masker.isPseudonym(key)) {
    real = access.masker.resolve(type, key) ?? key;
  } else if (access.principal.personalData === 'none' && PERSONAL_NODE_TYPES.has(type)) {
    const resolved = access.masker.isPseudonym(key) ? access.masker.resolve(type, key) : null;
    if (resolved === null) {
      access.audit.denied = !access.masker.isPseudonym(key);
      throw notFound(type, key);
    }
    real = resolved;
  }
  access.audit.entityIds = [nodeId(type, real)];
  if (access.principal.role === 'liaison') {
    const scope = await access.scopes.of(access.principal);
    const id = nodeId(type, real);
    // Under `members`, a personal node outside the members' identifiers is named only by its pseudonym.
    const hiddenKey = access.principal.personalData === 'members' && PERSONAL_NODE_TYPES.has(type) && !access.masker.isPseudonym(key) && !scope.memberNodeIds.has(id);
    if (!scope.nodeIds.has(id) || hiddenKey) {
      access.audit.denied = (await access.store.entity({ type, key: real })) !== null;
      throw notFound(type, key);
    }
  }
  return { type, key: real };
}

export async function entityDetail(access: EntityAccess, type: NodeType, key: string): Promise<GraphNode> {
  const ref = await resolveRef(access, type, key);
  const node = await access.store.entity(ref);
  if (node === null) throw notFound(type, key);
  const reveal = await revealer(access);
  return reveal(node.id) ? node : access.masker.node(node);
}

export async function neighbourhood(
  access: EntityAccess,
  type: NodeType,
  key: string,
  options: { depth: 1 | 2; limit: number; types?: NodeType[] },
): Promise<Subgraph> {
  const ref = await resolveRef(access, type, key);
  let graph = await access.store.neighbourhood(ref, {
    depth: options.depth,
    limit: options.limit,
    ...(options.types ? { types: options.types } : {}),
  });
  if (graph.nodes.length === 0) throw notFound(type, key);
  if (access.principal.role === 'liaison') graph = filterSubgraph(graph, await access.scopes.of(access.principal));
  graph = slimSubgraph(graph);
  access.audit.details = { nodes: graph.nodes.length };
  const reveal = await revealer(access);
  return access.masker.subgraph(graph, reveal);
}
