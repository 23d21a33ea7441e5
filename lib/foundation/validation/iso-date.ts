import { z } from "zod";

/** A query-string date: "2026-11-01" (midnight UTC) or an ISO 8601 date-time. */
export const isoDate = (field: string) =>
  z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), `${field} must be an ISO 8601 date or time`)
    .transform((v) => new Date(v));
