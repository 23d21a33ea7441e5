/** The spend windows a moment belongs to: the UTC calendar month and the UTC day. */
export function spendWindows(nowMs: number): { month: string; day: string } {
  const iso = new Date(nowMs).toISOString();
  return { month: `m:${iso.slice(0, 7)}`, day: `d:${iso.slice(0, 10)}` };
}
