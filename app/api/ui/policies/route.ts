import { db } from "@/lib/db/client";
import { createAutoApprovePolicy } from "@/lib/grants/create-auto-approve-policy";
import { listAutoApprovePolicies } from "@/lib/grants/list-auto-approve-policies";
import { uiRoute } from "@/lib/http/ui-route";

export const GET = uiRoute(async ({ user }) => ({ data: await listAutoApprovePolicies(db(), user.id) }));

export const POST = uiRoute(async ({ user, actor, body }) => createAutoApprovePolicy(db(), actor, user.id, await body()), { status: 201 });
