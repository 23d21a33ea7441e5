/** Every management API endpoint, in the order the OpenAPI document lists them. */
import type { Endpoint } from "@/lib/api/endpoint";
import { exportAuditLog, listAuditLog } from "@/lib/api/endpoints/audit-log";
import { listProviderKeysEndpoint } from "@/lib/api/endpoints/provider-keys";

export const ENDPOINTS: readonly Readonly<Endpoint>[] = [listAuditLog, exportAuditLog, listProviderKeysEndpoint] as never;
