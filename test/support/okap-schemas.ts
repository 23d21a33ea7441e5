/**
 * The response shapes the published clients validate (docs/okap-protocol.md, dialects A and B), as strict
 * schemas: an extra field, a value outside the enums or a wrong type fails the test.
 */
import { z } from "zod";

const token = z.string().regex(/^okap_[0-9A-Za-z]{36}$/);
const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const limits = z
  .object({
    monthly_spend: z.number().positive().optional(),
    daily_spend: z.number().positive().optional(),
    requests_per_minute: z.number().int().positive().optional(),
    requests_per_day: z.number().int().positive().optional(),
    tokens_per_request: z.number().int().positive().optional(),
  })
  .strict();

/** Dialect A, as the okap SDK 0.1.x validates it. */
export const grantedA = z
  .object({
    okap: z.literal("1.0"),
    approved: z.literal(true),
    token: z
      .object({
        token,
        base_url: z.url(),
        provider: z.enum(["openai", "anthropic", "google", "ollama"]),
        models: z.array(z.string()),
        capabilities: z.array(z.enum(["chat", "completions", "embeddings", "images", "audio", "moderation"])),
        limits,
        expires_at: isoUtc,
        created_at: isoUtc,
      })
      .strict(),
  })
  .strict();

export const failedA = z
  .object({
    okap: z.literal("1.0"),
    approved: z.literal(false),
    error: z.string().min(1),
    error_code: z.enum(["user_denied", "request_expired", "provider_not_configured", "invalid_request", "policy_denied"]),
  })
  .strict();

/** A rejected dialect-A request: the same body plus a reference (and the failing field). */
export const rejectedA = failedA
  .extend({ request_id: z.string().regex(/^err_/), field: z.string().optional(), providers: z.array(z.string()).optional() })
  .strict();

export const grantedB = z
  .object({
    okap: z.literal("1.0"),
    status: z.literal("granted"),
    token,
    authorization_details: z
      .array(
        z
          .object({
            type: z.literal("ai_model_access"),
            provider: z.enum(["openai", "anthropic", "google", "groq", "together", "mistral", "cohere"]),
            models: z.array(z.string()),
            capabilities: z.array(z.enum(["chat", "embeddings", "images", "audio", "code", "vision"])),
            limits,
            base_url: z.url(),
            expires: isoUtc,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const deniedB = z.object({ okap: z.literal("1.0"), status: z.literal("denied"), reason: z.string().min(1) }).strict();
export const expiredB = z.object({ okap: z.literal("1.0"), status: z.literal("expired"), reason: z.string().min(1) }).strict();

/** The OKAP error envelope of dialect B and the extensions. */
export const okapError = (type: string) =>
  z
    .object({
      okap: z.literal("1.0"),
      error: z
        .object({
          type: z.literal(type),
          message: z.string().min(1),
          request_id: z.string().regex(/^err_/),
          field: z.string().optional(),
          providers: z.array(z.string()).optional(),
        })
        .strict(),
    })
    .strict();
