import { z } from "zod";
import type { GrantedApiScope, GrantedScope } from "@/lib/engines/okap/render-outcome";

const list = z.array(z.string());

type ScopeRow = {
  provider: string;
  models: string;
  capabilities: string;
  monthlyCapMicros: bigint | null;
  dailyCapMicros: bigint | null;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  maxTokensPerRequest: number | null;
};

/** A stored GrantScope as the wire renderers and views want it (JSON lists parsed and checked). */
export function grantedScopeFromRow(row: ScopeRow): GrantedScope & { monthlyCapMicros: bigint } {
  return {
    provider: row.provider,
    models: list.parse(JSON.parse(row.models)),
    capabilities: list.parse(JSON.parse(row.capabilities)),
    monthlyCapMicros: row.monthlyCapMicros ?? 0n,
    dailyCapMicros: row.dailyCapMicros,
    requestsPerMinute: row.requestsPerMinute,
    requestsPerDay: row.requestsPerDay,
    maxTokensPerRequest: row.maxTokensPerRequest,
  };
}

type ApiScopeRow = {
  hosts: string;
  wildcard: boolean;
  methods: string;
  pathPrefixes: string;
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  credentials: { credential: { name: string } }[];
};

/** A stored ApiGrantScope as the wire renderers and views want it (credential names, sorted, unique). */
export function grantedApiScopeFromRow(row: ApiScopeRow): GrantedApiScope {
  return {
    hosts: list.parse(JSON.parse(row.hosts)),
    wildcard: row.wildcard,
    credentials: [...new Set(row.credentials.map((c) => c.credential.name))].sort(),
    methods: list.parse(JSON.parse(row.methods)),
    pathPrefixes: list.parse(JSON.parse(row.pathPrefixes)),
    requestsPerMinute: row.requestsPerMinute,
    requestsPerDay: row.requestsPerDay,
  };
}
