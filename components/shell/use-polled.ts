"use client";

import { useEffect, useRef, useState } from "react";

export const POLL_MS = 3000;
/** Dispatched on window when the browser signs out: every poll stops before the session ends. */
export const STOP_POLLING_EVENT = "okap:stop-polling";

/**
 * A value from a JSON endpoint, refreshed every few seconds while the tab is visible. Polling reads
 * the database, so it also sees what other vault instances wrote.
 */
export function usePolled<T>(url: string, initial: T, pick: (json: never) => T): T {
  const [value, setValue] = useState(initial);
  const pickRef = useRef(pick);
  useEffect(() => {
    pickRef.current = pick;
  });
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
      if (!stopped && response?.ok) setValue(pickRef.current((await response.json()) as never));
    }, POLL_MS);
    const stop = () => {
      stopped = true;
      clearInterval(timer);
    };
    window.addEventListener(STOP_POLLING_EVENT, stop);
    return () => {
      window.removeEventListener(STOP_POLLING_EVENT, stop);
      stop();
    };
  }, [url]);
  return value;
}
