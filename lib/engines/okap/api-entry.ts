/**
 * The api_access entry of dialect B (the credential proxy, docs/credential-proxy.md): hosts, optional
 * credential names and methods, request limits, expiry and reason. Strict like the AI entries.
 */
import { z } from "zod";
import { expiresField, reasonField } from "@/lib/engines/okap/fields";
import { API_METHODS, type ApiLimits, type RequestedApiEntry } from "@/lib/engines/okap/types";

export const MAX_HOSTS = 20;
export const MAX_API_CREDENTIALS = 20;
const COUNT_MAX = 100_000_000;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `api.github.com`, `api.example.com:8443`, `127.0.0.1:9999`, `[::1]:8080`; lower-cased. */
export function normalizeApiHost(text: string): string | null {
  const value = text.trim().toLowerCase().replace(/\.$/, "");
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const host = m[1]!;
  if (!host.startsWith("[") && (host.length > 253 || !host.split(".").every((l) => LABEL.test(l)))) return null;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return null;
  return m[2] === undefined ? host : `${host}:${Number(m[2])}`;
}

const hostField = z.string({ error: "each host must be a string" }).transform((value, ctx) => {
  if (value === "*") return value;
  const host = normalizeApiHost(value);
  if (host) return host;
  ctx.addIssue({ code: "custom", message: `${JSON.stringify(value.slice(0, 60))} is not a host (api.example.com[:port]) or "*"` });
  return z.NEVER;
});

const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(COUNT_MAX, `${field} is too large`);

export const apiLimitsField = z
  .object(
    { requests_per_minute: count("requests_per_minute").nullish(), requests_per_day: count("requests_per_day").nullish() },
    { error: "limits must be an object" },
  )
  .strict()
  .transform((l): ApiLimits => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null && v !== undefined)));

export const credentialNameField = z
  .string({ error: "each credential must be a name" })
  .regex(/^[A-Z][A-Z0-9_]{1,63}$/, "a credential name is an upper-case letter, then A-Z, 0-9 or _ (e.g. GITHUB_TOKEN)");

export const methodField = z
  .string({ error: "each method must be a string" })
  .transform((v) => v.toUpperCase())
  .pipe(
    z.enum(API_METHODS, {
      error: (i) => `unknown method ${JSON.stringify(String(i.input)).slice(0, 20)}; expected ${API_METHODS.join(", ")}`,
    }),
  );

export const apiEntrySchema = z
  .object(
    {
      type: z.literal("api_access"),
      hosts: z
        .array(hostField, { error: "hosts must be a list of hosts" })
        .min(1, 'hosts must name at least one host (or be ["*"])')
        .max(MAX_HOSTS, `at most ${MAX_HOSTS} hosts`)
        .transform((list) => [...new Set(list)])
        .refine((list) => !list.includes("*") || list.length === 1, 'a wildcard grant is hosts: ["*"] alone'),
      credentials: z
        .array(credentialNameField, { error: "credentials must be a list of names" })
        .max(MAX_API_CREDENTIALS, `at most ${MAX_API_CREDENTIALS} credentials`)
        .transform((list) => [...new Set(list)])
        .nullish(),
      methods: z
        .array(methodField, { error: "methods must be a list" })
        .max(API_METHODS.length * 2, "too many methods")
        .transform((list) => [...new Set(list)])
        .nullish(),
      limits: apiLimitsField.nullish(),
      expires: expiresField.nullish(),
      reason: reasonField.nullish(),
    },
    { error: "each authorization_details entry must be an object" },
  )
  .strict();

export function toRequestedApiEntry(e: z.output<typeof apiEntrySchema>): RequestedApiEntry {
  return {
    hosts: e.hosts,
    credentials: e.credentials ?? [],
    methods: e.methods ?? [],
    limits: e.limits ?? {},
    expires: e.expires ?? null,
    reason: e.reason ?? null,
  };
}
