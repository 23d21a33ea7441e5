/**
 * Default-deny endpoint matching: a relative path matches a template segment by segment, where
 * "{id}" stands for one segment of an identifier alphabet. Anything else is no endpoint at all.
 */
import type { Endpoint } from "@/lib/engines/providers/types";

const ID_SEGMENT = /^[A-Za-z0-9._:-]{1,200}$/;

export function matchEndpoint(endpoints: readonly Endpoint[], method: string, path: string): Endpoint | null {
  const segments = path.split("/");
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue;
    const template = endpoint.name.split("/");
    if (template.length !== segments.length) continue;
    if (template.every((t, i) => (t === "{id}" ? ID_SEGMENT.test(segments[i]!) : t === segments[i]))) return endpoint;
  }
  return null;
}
