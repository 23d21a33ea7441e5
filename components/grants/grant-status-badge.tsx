import { Badge } from "@/components/ui/badge";
import type { GrantStatus } from "@/lib/domain/grants/grant-view";

const TONE = { active: "green", paused: "amber", revoked: "red", expired: "neutral" } as const;

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
