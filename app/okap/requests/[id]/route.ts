import { pollAccessRequest } from "@/lib/domain/access-requests/poll-access-request";
import { db } from "@/lib/foundation/db/client";
import { appActor } from "@/lib/surfaces/okap/app-actor";
import { okapErrorResponse } from "@/lib/surfaces/okap/okap-error-response";
import { pollAnswer } from "@/lib/surfaces/okap/render-poll";

/** [ext] Poll an asynchronous request with Authorization: Bearer <poll_secret>. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { dialect, result } = await pollAccessRequest(db(), appActor(req), id, req.headers.get("authorization"));
    const { status, body, headers } = pollAnswer(id, dialect, result);
    return Response.json(body, { status, headers });
  } catch (error) {
    return okapErrorResponse("b", error);
  }
}
