import NextAuth from "next-auth/next";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/surfaces/ui/auth-options";
import { jsonErrorResponse } from "@/lib/foundation/errors/json-error-response";
import { assertSameOrigin } from "@/lib/surfaces/ui/csrf";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: Context) {
  try {
    // next-auth checks its own double-submit token; the exact Origin check is ours.
    if (req.method === "POST") assertSameOrigin(req.headers);
    return await NextAuth(req, context, authOptions());
  } catch (error) {
    return jsonErrorResponse(error);
  }
}

export { handler as GET, handler as POST };
