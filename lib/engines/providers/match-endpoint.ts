/**
 * Default-deny endpoint matching. A template is matched segment by segment; `{name}` captures a
 * parameter, either a whole segment (`models/{id}`: letters, digits, `._:-`) or part of one
 * (`models/{model}:generateContent`: letters, digits, `._-`, so the literal after it stays
 * unambiguous). Anything else is no endpoint at all. Templates are compiled once per table.
 */
import type { Endpoint, MatchedEndpoint } from "@/lib/engines/providers/types";

const WHOLE_SEGMENT = "[A-Za-z0-9._:-]{1,200}";
const PART_OF_SEGMENT = "[A-Za-z0-9._-]{1,200}";
const PARAM = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

type Compiled = { endpoint: Endpoint; pattern: RegExp; names: string[] };

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileSegment(segment: string, names: string[]): string {
  const whole = /^\{[A-Za-z][A-Za-z0-9_]*\}$/.test(segment);
  let source = "";
  let from = 0;
  for (const match of segment.matchAll(PARAM)) {
    source += escape(segment.slice(from, match.index)) + `(${whole ? WHOLE_SEGMENT : PART_OF_SEGMENT})`;
    names.push(match[1] ?? "");
    from = match.index + match[0].length;
  }
  return source + escape(segment.slice(from));
}

function compile(endpoint: Endpoint): Compiled {
  const names: string[] = [];
  const source = endpoint.name
    .split("/")
    .map((segment) => compileSegment(segment, names))
    .join("/");
  return { endpoint, pattern: new RegExp(`^${source}$`), names };
}

export type EndpointMatcher = (method: string, path: string) => MatchedEndpoint | null;

/** A matcher over one endpoint table; the first template that matches wins. */
export function endpointMatcher(endpoints: readonly Endpoint[]): EndpointMatcher {
  const compiled = endpoints.map(compile);
  return (method, path) => {
    for (const { endpoint, pattern, names } of compiled) {
      if (endpoint.method !== method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? ""]));
      return Object.freeze({ ...endpoint, params, upstreamPath: path });
    }
    return null;
  };
}
