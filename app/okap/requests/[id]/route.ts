import { pollAccessRequest } from "@/lib/domain/access-requests/poll-access-request";
import { db } from "@/lib/foundation/db/client";
import { okapRoute } from "@/lib/surfaces/okap/okap-route";
import { pollAnswer } from "@/lib/surfaces/okap/render-poll";

/** [ext] Poll an asynchronous request with Authorization: Bearer <poll_secret>. */
export const GET = okapRoute<{ id: string }>("b", async ({ app, params, headers }) => {
  const { dialect, result } = await pollAccessRequest(db(), app, params.id, headers.authorization ?? null);
  const { status, body, headers: answerHeaders } = pollAnswer(params.id, dialect, result);
  return Response.json(body, { status, headers: answerHeaders });
});
