/**
 * A management API operation (one method on one path, as OpenAPI calls it) described once: the zod schemas that validate it are the ones the
 * OpenAPI document is generated from (lib/surfaces/management-api/openapi.ts), so the two cannot disagree.
 */
import type { z } from "zod";
import type { ManagementAccess } from "@/lib/domain/management-keys/schemas";

export type Operation<
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** OpenAPI path template, e.g. /api/v1/grants/{id} */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** The access the caller's management key needs (`x-required-scope` in the OpenAPI document). */
  access: ManagementAccess;
  query?: Q;
  body?: B;
  /** The success body; a string for non-JSON bodies (e.g. "text/csv"). */
  response: R | { contentType: string; description: string };
  status?: number;
  errors: number[];
};

export function defineOperation<Q extends z.ZodObject, B extends z.ZodType | undefined, R extends z.ZodType>(
  operation: Operation<Q, B, R>,
): Readonly<Operation<Q, B, R>> {
  return Object.freeze(operation);
}
