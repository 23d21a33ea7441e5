/**
 * How a time range [since, until) is read exactly from the rollups: the whole UTC days inside it from
 * the daily rows, the whole hours at its edges from the hourly rows, and what is left (less than an
 * hour at each end, only when a bound is not on the hour) from the raw usage events.
 */
export type RollupRange = { period: "h" | "d"; gte?: Date; lt?: Date };
export type RawRange = { gte: Date; lt: Date };

const HOUR = 3_600_000;
const DAY = 86_400_000;

const ceil = (t: number, step: number) => (Number.isFinite(t) ? Math.ceil(t / step) * step : t);
const floor = (t: number, step: number) => (Number.isFinite(t) ? Math.floor(t / step) * step : t);
const date = (t: number) => (Number.isFinite(t) ? new Date(t) : undefined);

function rollup(period: "h" | "d", from: number, to: number): RollupRange[] {
  return from < to ? [{ period, gte: date(from), lt: date(to) }] : [];
}

function raw(from: number, to: number): RawRange[] {
  return from < to ? [{ gte: new Date(from), lt: new Date(to) }] : [];
}

export function splitRange(since?: Date, until?: Date): { rollups: RollupRange[]; raw: RawRange[] } {
  const s = since ? since.getTime() : -Infinity;
  const u = until ? until.getTime() : Infinity;
  if (!(s < u)) return { rollups: [], raw: [] };
  const [sH, sD, uH, uD] = [ceil(s, HOUR), ceil(s, DAY), floor(u, HOUR), floor(u, DAY)];
  if (sH >= uH) return { rollups: [], raw: raw(s, u) };
  const edges = [...raw(s, sH), ...raw(uH, u)];
  if (sD >= uD) return { rollups: rollup("h", sH, uH), raw: edges };
  return { rollups: [...rollup("d", sD, uD), ...rollup("h", sH, sD), ...rollup("h", uD, uH)], raw: edges };
}
