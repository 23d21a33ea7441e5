/** A management API client for tests: Bearer okmk_ key, JSON in and out, every answer kept for leak checks. */
import { createManagementKey } from "@/lib/domain/management-keys/create-management-key";
import type { Db } from "@/lib/foundation/db/client";

export type ApiResponse = { status: number; headers: Headers; text: string; json: <T = any>() => T };

export class ManagementApi {
  readonly transcript: string[] = [];

  constructor(
    readonly base: string,
    readonly key: string | null,
  ) {}

  static async create(base: string, db: Db, userId: string, scope: "read" | "write"): Promise<ManagementApi> {
    const { key } = await createManagementKey(db, { type: "cli" }, userId, { name: `test-${scope}`, scope });
    return new ManagementApi(base, key);
  }

  async call(
    method: string,
    path: string,
    options: { json?: unknown; headers?: Record<string, string>; key?: string | null } = {},
  ): Promise<ApiResponse> {
    const headers = new Headers(options.headers);
    const key = options.key === undefined ? this.key : options.key;
    if (key) headers.set("authorization", `Bearer ${key}`);
    if (options.json !== undefined) headers.set("content-type", "application/json");
    const response = await fetch(this.base + path, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await response.text();
    this.transcript.push(`${method} ${path} -> ${response.status}\n${text}`);
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }

  get(path: string) {
    return this.call("GET", path);
  }
}
