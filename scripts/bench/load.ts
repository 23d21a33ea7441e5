/**
 * Load generators of the benchmark. Sequential requests (concurrency 1) are timed one by one with
 * hrtime for sub-millisecond latencies; concurrency 32 uses autocannon (an efficient client) for
 * throughput and its latency percentiles. Time to first byte: sequential streaming requests.
 */
import http from "node:http";
import autocannon from "autocannon";

/** One or more URLs of the same service (several vault instances: requests alternate between them). */
export type Target = { urls: string[]; headers: Record<string, string> };
export type LoadResult = { rps: number; p50: number; p99: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let turn = 0;

function once(target: Target, body: string, untilFirstByte: boolean): Promise<number> {
  const url = target.urls[turn++ % target.urls.length]!;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...target.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let first = 0;
        res.on("data", () => {
          if (!first) first = Number(process.hrtime.bigint() - started) / 1e6;
        });
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
          resolve(untilFirstByte ? first : Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Sequential requests for `seconds` (after a warm-up): req/s, p50 and p99 in ms. */
export async function sequential(target: Target, body: string, seconds: number, untilFirstByte = false): Promise<LoadResult> {
  const warmUntil = Date.now() + 500;
  while (Date.now() < warmUntil) await once(target, body, untilFirstByte);
  const latencies: number[] = [];
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) latencies.push(await once(target, body, untilFirstByte));
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / ((Date.now() - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** autocannon at the given concurrency for `seconds` (after a 1 s warm-up); connections spread over the URLs. */
export async function concurrent(target: Target, body: string, connections: number, seconds: number): Promise<LoadResult> {
  const options = {
    url: target.urls,
    method: "POST" as const,
    headers: { ...target.headers, "content-type": "application/json" },
    body,
    connections,
    pipelining: 1,
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${target.urls.join(", ")}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}
