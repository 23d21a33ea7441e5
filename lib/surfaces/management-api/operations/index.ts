/** Every management API endpoint, in the order the OpenAPI document lists them. */
import type { Operation } from "@/lib/surfaces/management-api/operation";
import { exportAuditLogOperation, listAuditLogOperation } from "@/lib/surfaces/management-api/operations/audit-log";
import {
  getGrantOperation,
  listGrantsOperation,
  revokeGrantOperation,
  resetContainmentOperation,
  updateGrantOperation,
} from "@/lib/surfaces/management-api/operations/grants";
import { deletePriceOperation, listPricesOperation, setPriceOperation } from "@/lib/surfaces/management-api/operations/prices";
import { listApiCallsOperation, listCredentialsOperation } from "@/lib/surfaces/management-api/operations/credentials";
import { listProviderKeysOperation } from "@/lib/surfaces/management-api/operations/provider-keys";
import { approveRequestOperation, getRequestOperation, listRequestsOperation } from "@/lib/surfaces/management-api/operations/requests";
import { aggregateUsageOperation, exportUsageOperation, listUsageOperation } from "@/lib/surfaces/management-api/operations/usage";

export const OPERATIONS: readonly Readonly<Operation>[] = [
  listGrantsOperation,
  getGrantOperation,
  updateGrantOperation,
  revokeGrantOperation,
  resetContainmentOperation,
  listRequestsOperation,
  getRequestOperation,
  approveRequestOperation,
  listUsageOperation,
  aggregateUsageOperation,
  exportUsageOperation,
  listAuditLogOperation,
  exportAuditLogOperation,
  listProviderKeysOperation,
  listCredentialsOperation,
  listApiCallsOperation,
  listPricesOperation,
  setPriceOperation,
  deletePriceOperation,
] as never;
