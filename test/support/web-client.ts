/**
 * An HTTP client that behaves like a browser towards the vault: a cookie jar, the Origin header on
 * state-changing requests, the CSRF token the page would carry. Every response body is kept so leak
 * checks can search everything the vault ever answered. With `localAddress` (127.0.0.2, ...) its
 * connections leave from that loopback address, so the vault sees another client IP.
 */
import http from "node:http";

export type WebResponse = { status: number; headers: Headers; text: string; json: <T = any>() => T };

export class WebClient {
  readonly cookies = new Map<string, string>();
  readonly transcript: string[] = [];

  constructor(
    readonly base: string,
    readonly options: { localAddress?: string } = {},
  ) {}

  private send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
    const localAddress = this.options.localAddress;
    if (!localAddress) return fetch(url, { method, headers, body, redirect: "manual" });
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, localAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(name, v);
          }
          const status = res.statusCode ?? 0;
          const noBody = status === 204 || status === 304;
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: out }));
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  get origin(): string {
    return new URL(this.base).origin;
  }

  async request(
    method: string,
    path: string,
    options: {
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
      origin?: string | null;
      csrf?: boolean;
    } = {},
  ): Promise<WebResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (method !== "GET" && method !== "HEAD" && origin !== null) headers.origin = origin;
    if (options.csrf !== false && this.cookies.has("okap_csrf")) headers["x-csrf-token"] = this.cookies.get("okap_csrf")!;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    }
    const response = await this.send(method, this.base + path, headers, body);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    this.transcript.push(
      `${method} ${path} -> ${response.status}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${text}`,
    );
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }

  /** Loads a page first, as a browser would, which hands out the CSRF cookie. */
  async visit(path = "/login"): Promise<WebResponse> {
    return this.request("GET", path);
  }

  async setup(email: string, password: string): Promise<WebResponse> {
    if (!this.cookies.has("okap_csrf")) await this.visit("/setup");
    return this.request("POST", "/api/setup", { json: { email, password } });
  }

  /**
   * Signs in as the login page does (a page visit first hands out the CSRF cookie); `factor` carries
   * a TOTP or recovery code. Returns the response.
   */
  async signIn(
    email: string,
    password: string,
    headers: Record<string, string> = {},
    factor: { totp?: string; recovery_code?: string } = {},
  ): Promise<WebResponse> {
    if (!this.cookies.has("okap_csrf")) await this.visit("/login");
    return this.request("POST", "/api/auth/sign-in", { json: { email, password, ...factor }, headers });
  }

  async signOut(): Promise<WebResponse> {
    return this.request("POST", "/api/auth/sign-out", { json: {} });
  }

  get signedIn(): boolean {
    return this.cookies.has("okap_session");
  }
}
