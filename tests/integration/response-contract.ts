/**
 * The API contract as the HTTP suites enforce it: every JSON answer is
 * checked against the response schema of the route that produced it (its
 * success status) or the error schema (4xx/5xx), in strict mode — the
 * response schemas are strict objects, so a field a use case returns but the
 * schema lacks fails, as does a missing or mistyped one. `call()` in the
 * harness runs it on every request, so each suite doubles as a drift test.
 */
import type { z } from 'zod';
import { API_ROUTES, openApiRoute } from '../../api/http/routes/index.ts';
import type { RouteSpec } from '../../api/http/route.ts';
import { errorSchema } from '../../api/http/schemas.ts';

interface Matcher {
  spec: RouteSpec;
  pattern: RegExp;
}

/** The served table: the API routes and the document route (its body is built by the app). */
export const CONTRACT_ROUTES: readonly RouteSpec[] = [...API_ROUTES, openApiRoute(() => ({}))];

const MATCHERS: Matcher[] = CONTRACT_ROUTES.map((spec) => ({
  spec,
  pattern: new RegExp(`^/api${spec.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
}));

/** The route that serves `method path` (path without the query), or null. */
export function routeOf(method: string, path: string): RouteSpec | null {
  const bare = path.split('?')[0]!;
  const verb = method.toLowerCase();
  return MATCHERS.find((m) => m.spec.method === verb && m.pattern.test(bare))?.spec ?? null;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Throws a ContractViolation naming the route and the first bad fields when a
 * JSON answer does not match its schema. Answers of other statuses (304, a
 * redirect) and non-API paths are not checked.
 */
export function checkAnswer(method: string, path: string, status: number, body: unknown): void {
  if (!path.startsWith('/api/')) return;
  const spec = routeOf(method, path);
  let schema: z.ZodType | null = null;
  if (status >= 400) schema = errorSchema;
  else if (spec !== null && status === (spec.status ?? 200)) schema = spec.response;
  if (schema === null) return;
  const result = schema.safeParse(body);
  if (!result.success) {
    const which = status >= 400 ? 'the error schema' : `the response schema of ${spec!.method.toUpperCase()} ${spec!.path}`;
    throw new ContractViolation(`${method} ${path} answered ${status} with a body that does not match ${which}: ${describeIssues(result.error)}`);
  }
}
