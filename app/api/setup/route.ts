import { jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { assertCsrf } from "@/lib/surfaces/ui/csrf";
import { readJson } from "@/lib/foundation/http/read-json";
import { actorFrom, UI_BODY_LIMIT } from "@/lib/surfaces/ui/ui-route";
import { db } from "@/lib/foundation/db/client";
import { createUser } from "@/lib/domain/users/create-user";

/** First-run setup: creates the owner account; 409 already_set_up once an owner exists. */
export async function POST(req: Request) {
  try {
    assertCsrf(req.headers, null);
    const user = await createUser(db(), actorFrom(req, null), await readJson(req, UI_BODY_LIMIT), { ownerOnly: true });
    return Response.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
  } catch (error) {
    return jsonErrorResponse(error);
  }
}
