import type { RouteSpec } from "./routes.js";
import { ROUTES } from "./routes.js";

export interface RouteMatch {
  route: RouteSpec;
  /** labels percent-decoded for lookups; the raw path stays what SigV4 is checked against */
  labels: Record<string, string>;
}

interface CompiledRoute {
  route: RouteSpec;
  segments: Array<{ literal: string } | { label: string }>;
}

function compileRoutes(routes: readonly RouteSpec[]): CompiledRoute[] {
  return routes.map((route) => ({
    route,
    segments: route.path
      .split("/")
      .slice(1)
      .map((segment) => (segment.startsWith("{") ? { label: segment.slice(1, -1) } : { literal: segment })),
  }));
}

function decodeLabel(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function matchSegments(compiled: CompiledRoute, rawSegments: string[]): Record<string, string> | undefined {
  if (compiled.segments.length !== rawSegments.length) return undefined;
  const labels: Record<string, string> = {};
  for (const [index, segment] of compiled.segments.entries()) {
    const raw = rawSegments[index]!;
    if ("literal" in segment) {
      if (segment.literal !== raw) return undefined;
      continue;
    }
    const decoded = raw.length > 0 ? decodeLabel(raw) : undefined;
    if (decoded === undefined) return undefined;
    labels[segment.label] = decoded;
  }
  return labels;
}

/**
 * Builds a matcher over the route table that works on the raw wire path (query excluded): literal segments are
 * compared as sent and each label must be one whole segment.
 *
 * @example
 * const match = createRouteMatcher();
 * match("POST", "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse")?.labels.modelId;
 * // "us.anthropic.claude-3-haiku-20240307-v1:0"
 */
export function createRouteMatcher(routes: readonly RouteSpec[] = ROUTES): (method: string, rawPath: string) => RouteMatch | undefined {
  const compiled = compileRoutes(routes);
  return (method, rawPath) => {
    const rawSegments = rawPath.split("/").slice(1);
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const labels = matchSegments(candidate, rawSegments);
      if (labels) return { route: candidate.route, labels };
    }
    return undefined;
  };
}
