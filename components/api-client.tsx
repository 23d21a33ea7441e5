"use client";

/**
 * The browser side of the UI's JSON API: every call carries the CSRF token the server rendered into
 * the page, and failures come back as { ok: false, message } with the server's message. When the
 * server asks for a fresh proof (step_up_required), the page asks for the password or a code in
 * place, and the call is sent again once it is given.
 */
import { createContext, useCallback, useContext, useRef, useState } from "react";
import { StepUpDialog } from "@/components/step-up-dialog";

const CsrfContext = createContext<string>("");
const StepUpContext = createContext<() => Promise<boolean>>(async () => false);

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; type: string; message: string; field?: string };

async function send<T>(token: string, method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
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
}

export function CsrfProvider({ token, children }: { token: string; children: React.ReactNode }) {
  const [asking, setAsking] = useState(false);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const ask = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        resolver.current = resolve;
        setAsking(true);
      }),
    [],
  );
  const done = useCallback((ok: boolean) => {
    setAsking(false);
    resolver.current?.(ok);
    resolver.current = null;
  }, []);
  const confirm = useCallback((proof: Record<string, string>) => send(token, "POST", "/api/auth/step-up", proof), [token]);
  return (
    <CsrfContext.Provider value={token}>
      <StepUpContext.Provider value={ask}>
        {children}
        {asking && <StepUpDialog confirm={confirm} done={done} />}
      </StepUpContext.Provider>
    </CsrfContext.Provider>
  );
}

export function useApi() {
  const token = useContext(CsrfContext);
  const askStepUp = useContext(StepUpContext);
  return useCallback(
    async function call<T = unknown>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
      const result = await send<T>(token, method, url, body);
      if (result.ok || result.type !== "step_up_required") return result;
      return (await askStepUp()) ? send<T>(token, method, url, body) : result;
    },
    [token, askStepUp],
  );
}
