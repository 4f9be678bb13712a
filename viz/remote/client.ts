/**
 * The explorer's only door to the server: typed calls to the JSON API with
 * the bearer token, one error type carrying the API's `code` (never parsed
 * from messages), and discovery of optional endpoints (the dossier) from the
 * OpenAPI document so the UI shows only what the server can do.
 */
import type { NodeType } from '../../engine/index.ts';
import type { AlertView, CaseDetailView, CaseView, GraphNode, Me, Page, Paged, RingDetail, RingSummary, RingsOverview, SavedViewBody, SavedViewSummary, Subgraph, ViewState } from '../../api/http/schemas.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Capabilities {
  dossier: boolean;
  overview: boolean;
  /** Alerts and cases (GET /alerts, /cases). */
  casework: boolean;
  /** Live updates (GET /events). */
  events: boolean;
}

export interface RingQuery {
  minScore?: number;
  brand?: string[];
  change?: string[];
}

export interface CaseListQuery {
  status?: string[];
  assignee?: string;
  brand?: string;
  minScore?: number;
  sort?: 'score' | 'updated' | 'created';
  cursor?: string;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
  /** `page.total` counts every item, past this page. */
  page: Page;
}

export interface ApiClient {
  me(): Promise<Me>;
  capabilities(): Promise<Capabilities>;
  rings(query?: RingQuery): Promise<RingSummary[]>;
  ring(ringId: string): Promise<RingDetail>;
  subgraph(ringId: string, limit: number): Promise<Subgraph>;
  entity(nodeId: string): Promise<GraphNode>;
  neighbourhood(nodeId: string, options?: { limit?: number; types?: NodeType[] }): Promise<Subgraph>;
  search(text: string, limit?: number): Promise<GraphNode[]>;
  overview(): Promise<RingsOverview>;
  dossierUrl(ringId: string): string;
  /** Downloads a binary answer (the dossier) with the token. */
  download(url: string): Promise<Blob>;
  /** The caller's saved views, newest first. */
  views(): Promise<SavedViewSummary[]>;
  saveView(input: { name: string; ringId: string; state: ViewState }): Promise<SavedViewBody>;
  /** A saved view by id (someone else's too, when its ring is visible to the caller). */
  view(id: string): Promise<SavedViewBody>;
  deleteView(id: string): Promise<void>;
  alerts(query: { status: 'open' | 'acknowledged' | 'all'; cursor?: string }): Promise<CursorPage<AlertView>>;
  acknowledgeAlert(id: string): Promise<AlertView>;
  cases(query: CaseListQuery): Promise<CursorPage<CaseView>>;
  caseDetail(id: string): Promise<CaseDetailView>;
  /** The case following a ring, or null when the ring has none (404). */
  ringCase(ringId: string): Promise<CaseDetailView | null>;
  addCaseNote(id: string, text: string): Promise<CaseDetailView>;
  setCaseStatus(id: string, change: { status: string; reason: string; manifestHash?: string }): Promise<CaseDetailView>;
  setCaseAssignee(id: string, assignee: string | null): Promise<CaseDetailView>;
  /** A one-time ticket for EventSource (which cannot send the Authorization header). */
  eventTicket(): Promise<string>;
}

/** `type:key` → the entity path (keys may hold `/`, `|`, `:` and spaces). */
export function entityPath(nodeId: string): string {
  const colon = nodeId.indexOf(':');
  return `/entities/${encodeURIComponent(nodeId.slice(0, colon))}/${encodeURIComponent(nodeId.slice(colon + 1))}`;
}

/** Ring pages are fetched until this many rings: the list filters and searches client-side. */
const RING_LIST_CAP = 5_000;

/** The API's `{ error: { code, message } }` as an ApiError (a page that is not JSON keeps its status line). */
async function failure(response: Response): Promise<ApiError> {
  let code = 'HTTP_ERROR';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not JSON (a proxy's page): keep the status line.
  }
  return new ApiError(response.status, code, message);
}

/** `fetch`, with a failure to reach the server (fetch's bare "Failed to fetch") said so. */
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new Error('The server could not be reached. Check that it is running, then try again.', { cause });
  }
}

/** Exchanges the one-time code of a login link for a browser token (POST /api/login). */
export async function exchangeLoginCode(code: string, base = '/api'): Promise<string> {
  const response = await call(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ code }) });
  if (!response.ok) throw await failure(response);
  return ((await response.json()) as { secret: string }).secret;
}

export function createApiClient(token: string, base = '/api'): ApiClient {
  const request = async (path: string, accept = 'application/json'): Promise<Response> => {
    const response = await call(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
    if (!response.ok) throw await failure(response);
    return response;
  };
  const json = async <T>(path: string): Promise<T> => (await (await request(path)).json()) as T;
  const send = async <T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> => {
    const response = await call(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as T;
  };

  return {
    me: () => json<Me>('/me'),
    async capabilities() {
      const doc = await json<{ paths?: Record<string, unknown> }>('/openapi.json');
      // Paths are listed with their /api prefix.
      const paths = Object.keys(doc.paths ?? {}).map((p) => p.replace(/^\/api(?=\/)/, ''));
      return { dossier: paths.includes('/rings/{ringId}/dossier'), overview: paths.includes('/rings-overview'), casework: paths.includes('/cases'), events: paths.includes('/events') };
    },
    async rings(query = {}) {
      // Every tier: the list shows rings by default and linked pairs and groups on request.
      const params = new URLSearchParams({ sort: 'score', limit: '500', tier: 'all' });
      if (query.minScore) params.set('minScore', String(query.minScore));
      for (const brand of query.brand ?? []) params.append('brand', brand);
      if (query.change?.length) params.set('change', query.change.join(','));
      const out: RingSummary[] = [];
      for (let offset = 0; offset < RING_LIST_CAP; ) {
        params.set('offset', String(offset));
        const { items, page } = await json<Paged<RingSummary>>(`/rings?${params}`);
        out.push(...items);
        if (page.nextOffset === null || items.length === 0) break;
        offset = page.nextOffset;
      }
      return out;
    },
    ring: (ringId) => json<RingDetail>(`/rings/${encodeURIComponent(ringId)}`),
    subgraph: (ringId, limit) => json<Subgraph>(`/rings/${encodeURIComponent(ringId)}/subgraph?limit=${limit}`),
    entity: (nodeId) => json<GraphNode>(entityPath(nodeId)),
    neighbourhood(nodeId, options = {}) {
      const params = new URLSearchParams({ limit: String(options.limit ?? 150) });
      if (options.types?.length) params.set('types', options.types.join(','));
      return json<Subgraph>(`${entityPath(nodeId)}/neighbourhood?${params}`);
    },
    async search(text, limit = 12) {
      const params = new URLSearchParams({ q: text, limit: String(limit) });
      return (await json<Paged<GraphNode>>(`/search?${params}`)).items;
    },
    overview: () => json<RingsOverview>('/rings-overview'),
    dossierUrl: (ringId) => `/rings/${encodeURIComponent(ringId)}/dossier`,
    async download(url) {
      return (await request(url, '*/*')).blob();
    },
    async views() {
      return (await json<Paged<SavedViewSummary>>('/views?limit=500')).items;
    },
    saveView: (input) => send<SavedViewBody>('POST', '/views', input),
    view: (id) => json<SavedViewBody>(`/views/${encodeURIComponent(id)}`),
    async deleteView(id) {
      await send('DELETE', `/views/${encodeURIComponent(id)}`);
    },
    async alerts({ status, cursor }) {
      const params = new URLSearchParams({ status, limit: '100' });
      if (cursor) params.set('cursor', cursor);
      return json<CursorPage<AlertView>>(`/alerts?${params}`);
    },
    acknowledgeAlert: (id) => send<AlertView>('POST', `/alerts/${encodeURIComponent(id)}/acknowledge`),
    async cases(query) {
      const params = new URLSearchParams({ limit: '100', sort: query.sort ?? 'updated' });
      if (query.status?.length) params.set('status', query.status.join(','));
      if (query.assignee) params.set('assignee', query.assignee);
      if (query.brand) params.append('brand', query.brand);
      if (query.minScore) params.set('minScore', String(query.minScore));
      if (query.cursor) params.set('cursor', query.cursor);
      return json<CursorPage<CaseView>>(`/cases?${params}`);
    },
    caseDetail: (id) => json<CaseDetailView>(`/cases/${encodeURIComponent(id)}`),
    async ringCase(ringId) {
      try {
        return await json<CaseDetailView>(`/rings/${encodeURIComponent(ringId)}/case`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    addCaseNote: (id, text) => send<CaseDetailView>('POST', `/cases/${encodeURIComponent(id)}/notes`, { text }),
    setCaseStatus: (id, change) => send<CaseDetailView>('POST', `/cases/${encodeURIComponent(id)}/status`, change),
    setCaseAssignee: (id, assignee) => send<CaseDetailView>('POST', `/cases/${encodeURIComponent(id)}/assignee`, { assignee }),
    async eventTicket() {
      return (await send<{ ticket: string }>('POST', '/events/ticket')).ticket;
    },
  };
}
