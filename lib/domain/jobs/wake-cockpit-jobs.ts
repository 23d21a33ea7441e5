/** Asks this process's cockpit round (cockpit-jobs.ts) to run soon; a no-op where none runs (the CLI). Import-light for the hot path. */
import { wakeLoop } from "@/lib/foundation/runtime/background-loop";

export const COCKPIT_JOBS = "cockpit-jobs";

export function wakeCockpitJobs(): void {
  wakeLoop(COCKPIT_JOBS);
}
