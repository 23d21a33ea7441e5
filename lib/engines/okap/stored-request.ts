/**
 * The validated request as stored in AccessRequest.body (JSON, µ$ as strings, dates ISO) and read
 * back through a schema, so a row changed by hand cannot smuggle anything past validation.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { isProviderId, type ProviderId } from "@/lib/engines/providers/registry";
import type { Limits, OkapRequest } from "@/lib/engines/okap/types";

const micros = z
  .string()
  .regex(/^\d{1,16}$/)
  .transform((v) => BigInt(v));
const count = z.number().int().positive();

const storedSchema = z
  .object({
    dialect: z.enum(["a", "b"]),
    client: z.object({ name: z.string(), url: z.string().nullable(), callback: z.string().nullable() }),
    entries: z
      .array(
        z.object({
          provider: z
            .string()
            .refine(isProviderId)
            .transform((v) => v as ProviderId),
          models: z.array(z.string()),
          capabilities: z.array(z.string()),
          limits: z.object({
            monthly_spend: micros.optional(),
            daily_spend: micros.optional(),
            requests_per_minute: count.optional(),
            requests_per_day: count.optional(),
            tokens_per_request: count.optional(),
          }),
          expires: z.iso
            .datetime()
            .nullable()
            .transform((v) => (v ? new Date(v) : null)),
          reason: z.string().nullable(),
        }),
      )
      .min(0),
    apiEntries: z
      .array(
        z.object({
          hosts: z.array(z.string()).min(1),
          credentials: z.array(z.string()),
          methods: z.array(z.string()),
          limits: z.object({ requests_per_minute: count.optional(), requests_per_day: count.optional() }),
          expires: z.iso
            .datetime()
            .nullable()
            .transform((v) => (v ? new Date(v) : null)),
          reason: z.string().nullable(),
        }),
      )
      .default([]),
    extendsGrant: z.object({ grantId: z.string(), scopeId: z.string(), host: z.string(), credentials: z.array(z.string()) }).nullish(),
  })
  .refine((r) => r.entries.length + r.apiEntries.length > 0);

export function serializeRequest(request: OkapRequest): string {
  return JSON.stringify(request, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

export function parseStoredRequest(body: string): OkapRequest {
  return storedSchema.parse(JSON.parse(body)) satisfies OkapRequest;
}

export function requestHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** Limits with µ$ as dollars, for audit metadata and views. */
export function limitsForDisplay(limits: Limits): Record<string, number> {
  return Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) / 1e6 : (v as number)]));
}
