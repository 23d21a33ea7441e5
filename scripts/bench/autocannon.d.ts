// The part of autocannon's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  type Options = {
    url: string | string[];
    method: "POST" | "GET";
    headers: Record<string, string>;
    body: string;
    connections: number;
    pipelining: number;
    duration: number;
  };
  type Histogram = { average: number; p50: number; p99: number };
  type Result = { requests: Histogram; latency: Histogram; non2xx: number; errors: number };
  export default function autocannon(options: Options): Promise<Result>;
}
