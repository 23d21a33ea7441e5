import { acceptOkapRequest } from "@/lib/surfaces/okap/accept-okap-request";

/** Dialect A (the published okap SDK): waits for the decision, or 202 with Prefer: respond-async. */
export const POST = (req: Request) => acceptOkapRequest(req, "a");
