/**
 * A local plain-HTTP API for credential-proxy tests, GitHub-like: it records exactly what it receives
 * (method, path with query, headers, body) and has routes that echo what they got back (in headers,
 * JSON, base64, split across stream chunks), redirect elsewhere, or hang.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** The OAuth2 token endpoint's refresh token and the access token it hands out. */
export const REFRESH_TOKEN = "1//CANARYrefresh" + "Tok3nQ9xW2v";
export const FRESH_ACCESS_TOKEN = "ya29.CANARYfresh" + "Acc3ssB8nM4k";

export type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

export class ApiUpstream {
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    readonly received: Received[],
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** host:port as the path form writes it */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  last(): Received {
    return this.received.at(-1)!;
  }

  static async start(options: { redirectTo?: () => string } = {}): Promise<ApiUpstream> {
    const received: Received[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        received.push(r);
        route(r, res, options.redirectTo);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new ApiUpstream(server, (server.address() as AddressInfo).port, received);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

const notes: string[] = [];

function route(r: Received, res: http.ServerResponse, redirectTo?: () => string): void {
  const path = r.url.split("?", 1)[0]!;
  const auth = String(r.headers.authorization ?? "");
  const secret = auth.replace(/^(Bearer|Basic|token)\s+/i, "");
  if (path.startsWith("/repos/")) {
    if (!auth) return json(res, 401, { message: "Requires authentication" });
    return json(res, 200, [{ number: 1, title: "Bug", state: "open" }], { "set-cookie": "session=abc", "x-ratelimit-remaining": "59" });
  }
  if (path === "/notes" && r.method === "POST") {
    notes.push(r.body); // what an API stores (an issue comment, a file) and answers back later
    return json(res, 201, { id: notes.length });
  }
  if (path === "/notes") return json(res, 200, { notes });
  if (path === "/echo") return json(res, 200, { url: r.url, headers: r.headers, body: r.body }, { "x-echo": auth });
  if (path === "/echo-base64")
    return json(res, 200, {
      b64: Buffer.from(secret).toString("base64"),
      b64url: Buffer.from(secret).toString("base64url"),
      hex: Buffer.from(secret).toString("hex"),
      pct: encodeURIComponent(secret),
    });
  if (path === "/echo-stream") {
    res.writeHead(200, { "content-type": "text/plain" }); // chunked: no content-length
    const half = Math.floor(secret.length / 2);
    res.write(`start ${secret.slice(0, half)}`);
    setTimeout(() => {
      res.write(`${secret.slice(half)} middle `);
      setTimeout(() => res.end(`${Buffer.from(secret).toString("base64")} end`), 20);
    }, 20);
    return;
  }
  if (path === "/redirect") {
    res.writeHead(302, { location: `${redirectTo?.() ?? "http://127.0.0.1:9/"}/steal?token=${encodeURIComponent(secret)}` });
    res.end();
    return;
  }
  if (path === "/oauth/token") {
    const form = new URLSearchParams(r.body);
    if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== REFRESH_TOKEN)
      return json(res, 400, { error: "invalid_grant" });
    return json(res, 200, { access_token: FRESH_ACCESS_TOKEN, token_type: "Bearer", expires_in: 3600 });
  }
  if (path === "/mail")
    return auth === `Bearer ${FRESH_ACCESS_TOKEN}` ? json(res, 200, { messages: 3 }) : json(res, 401, { error: "invalid_token" });
  if (path === "/hang") return; // never answers
  return json(res, 404, { message: "Not Found" });
}
