"use client";

/**
 * The browser side of the UI's JSON API: every call carries the CSRF token the server rendered into
 * the page, and failures come back as { ok: false, message } with the server's message.
 */
import { createContext, useCallback, useContext } from "react";

const CsrfContext = createContext<string>("");

export function CsrfProvider({ token, children }: { token: string; children: React.ReactNode }) {
  return <CsrfContext.Provider value={token}>{children}</CsrfContext.Provider>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; type: string; message: string; field?: string };

export function useApi() {
  const token = useContext(CsrfContext);
  return useCallback(
    async function call<T = unknown>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: { "content-type": "application/json", "x-csrf-token": token },
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "same-origin",
        });
      } catch {
        return { ok: false, status: 0, type: "network_error", message: "The vault could not be reached. Check your connection." };
      }
      if (response.status === 204) return { ok: true, data: null as T };
      const json = (await response.json().catch(() => null)) as { error?: { type: string; message: string; field?: string } } | null;
      if (response.ok) return { ok: true, data: json as T };
      return {
        ok: false,
        status: response.status,
        type: json?.error?.type ?? "error",
        message: json?.error?.message ?? `The vault answered ${response.status}.`,
        field: json?.error?.field,
      };
    },
    [token],
  );
}
