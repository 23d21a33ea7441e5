import { db } from "@/lib/foundation/db/client";
import { createAutoApprovePolicy } from "@/lib/domain/grants/create-auto-approve-policy";
import { listAutoApprovePolicies } from "@/lib/domain/grants/list-auto-approve-policies";
import { uiRoute } from "@/lib/surfaces/ui/ui-route";

export const GET = uiRoute(async ({ user }) => ({ data: await listAutoApprovePolicies(db(), user.id) }));

export const POST = uiRoute(async ({ user, actor, body }) => createAutoApprovePolicy(db(), actor, user.id, await body()), { status: 201 });
