/** Every management API endpoint, in the order the OpenAPI document lists them. */
import type { Endpoint } from "@/lib/surfaces/management-api/endpoint";
import { exportAuditLog, listAuditLog } from "@/lib/surfaces/management-api/endpoints/audit-log";
import {
  getGrantEndpoint,
  listGrantsEndpoint,
  revokeGrantEndpoint,
  updateGrantEndpoint,
} from "@/lib/surfaces/management-api/endpoints/grants";
import { deletePriceEndpoint, listPricesEndpoint, setPriceEndpoint } from "@/lib/surfaces/management-api/endpoints/prices";
import { listProviderKeysEndpoint } from "@/lib/surfaces/management-api/endpoints/provider-keys";
import { approveRequestEndpoint, getRequestEndpoint, listRequestsEndpoint } from "@/lib/surfaces/management-api/endpoints/requests";
import { aggregateUsageEndpoint, exportUsageEndpoint, listUsageEndpoint } from "@/lib/surfaces/management-api/endpoints/usage";

export const ENDPOINTS: readonly Readonly<Endpoint>[] = [
  listGrantsEndpoint,
  getGrantEndpoint,
  updateGrantEndpoint,
  revokeGrantEndpoint,
  listRequestsEndpoint,
  getRequestEndpoint,
  approveRequestEndpoint,
  listUsageEndpoint,
  aggregateUsageEndpoint,
  exportUsageEndpoint,
  listAuditLog,
  exportAuditLog,
  listProviderKeysEndpoint,
  listPricesEndpoint,
  setPriceEndpoint,
  deletePriceEndpoint,
] as never;
