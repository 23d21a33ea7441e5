import { redirect } from "next/navigation";
import { cache } from "react";
import { currentUser, type SessionUser } from "@/lib/surfaces/ui/session";

/** The signed-in user for a dashboard page (the layout already redirected anyone else). Once per request. */
export const pageUser = cache(async (): Promise<SessionUser> => {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
});
