/** Asks this process's cockpit round (cockpit-jobs.ts) to run soon; a no-op where none runs (the CLI). Import-light for the hot path. */
import { peekSingleton } from "@/lib/foundation/runtime/singleton";

export type CockpitJobs = { wake: () => void; stop: () => void };

export const COCKPIT_JOBS_SINGLETON = "cockpit-jobs";

export function wakeCockpitJobs(): void {
  peekSingleton<CockpitJobs>(COCKPIT_JOBS_SINGLETON)?.wake();
}
