import type { ApprovedScope } from "@/lib/engines/okap/granted-scope";
import { newId } from "@/lib/foundation/crypto/random";

/** The GrantScope rows of approved entries, as a nested `scopes.create` of a new grant. */
export function grantScopeRows(scopes: readonly ApprovedScope[]) {
  return scopes.map((s) => ({ id: newId("gsc"), ...s, models: JSON.stringify(s.models), capabilities: JSON.stringify(s.capabilities) }));
}
