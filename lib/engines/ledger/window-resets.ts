/** When the spend windows of a moment end: the next UTC month and the next UTC midnight. */
export function windowResets(nowMs: number): { month: Date; day: Date } {
  const now = new Date(nowMs);
  return {
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
    day: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)),
  };
}
