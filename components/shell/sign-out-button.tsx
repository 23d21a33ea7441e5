"use client";

import { useApi } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { STOP_POLLING_EVENT } from "@/components/shell/use-polled";

/** Ends the session on the server, then leaves the page at once (a full load: no poll outlives it). */
export function SignOutButton() {
  const api = useApi();
  return (
    <Button
      variant="ghost"
      onClick={async () => {
        window.dispatchEvent(new Event(STOP_POLLING_EVENT));
        await api("POST", "/api/auth/sign-out");
        window.location.assign("/login");
      }}
    >
      Sign out
    </Button>
  );
}
