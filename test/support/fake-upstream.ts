/**
 * The only fake in the proxy tests: a local HTTP server standing in for the providers, replaying the
 * recorded fixtures in their exact wire formats. Each provider lives under its own prefix
 * (http://127.0.0.1:<port>/<provider>/...), which the vault gets as VAULT_UPSTREAM_<PROVIDER>.
 * Tests script answers with `reply` (default: the fixture for the path) and inspect `requests`.
 */
import { once } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import zlib from "node:zlib";
import { fixture } from "@/test/support/fixtures";

export type FakeRequest = {
  provider: string;
  method: string;
  /** Path below the provider prefix, with the query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  json: () => any;
  /** Set when the vault hung up before the reply was complete. */
  abortedAt: number | null;
  /** Set when the whole reply was handed to the operating system (the vault may not have read it yet). */
  finishedAt: number | null;
};

export type FakeReply = {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body (sent as application/json) or raw bytes. */
  json?: unknown;
  body?: Buffer | string;
  /** SSE bytes, written event by event. */
  sse?: Buffer | string;
  /** Pause between SSE events. */
  eventDelayMs?: number;
  /** After this many SSE events: "stall" (send nothing more, keep the socket) or "reset" (destroy the socket). */
  cutAfterEvents?: { events: number; how: "stall" | "reset" };
  /** After this many SSE events, send nothing until `until` resolves, then go on. */
  pauseAfterEvents?: { events: number; until: Promise<unknown> };
  gzip?: boolean;
  /** Wait before the status line. */
  delayMs?: number;
};

export type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export const PROVIDER_ROOTS: Record<string, string> = {
  openai: "/openai/v1",
  anthropic: "/anthropic",
  google: "/google",
  groq: "/groq/openai/v1",
  mistral: "/mistral/v1",
  ollama: "/ollama/v1",
  deepseek: "/deepseek/v1",
  openrouter: "/openrouter/api/v1",
  xai: "/xai/v1",
};

export function defaultReply(req: FakeRequest): FakeReply {
  const stream = req.method === "POST" && /json/.test(String(req.headers["content-type"])) && req.json()?.stream === true;
  const route = `${req.provider} ${req.method} ${req.path.split("?")[0]}`;
  switch (route) {
    case "openai POST /chat/completions":
    case "groq POST /chat/completions":
    case "mistral POST /chat/completions":
    case "ollama POST /chat/completions":
    case "deepseek POST /chat/completions":
    case "openrouter POST /chat/completions":
    case "xai POST /chat/completions":
      return stream ? { sse: fixture("openai/chat-stream-usage.sse") } : { body: fixture("openai/chat-completion.json") };
    case "google POST /v1beta/openai/chat/completions":
      return stream ? { sse: fixture("google/chat-stream-thoughts.sse") } : { body: fixture("openai/chat-completion.json") };
    case "google GET /v1beta/models":
      return { body: fixture("google/models.json") };
    case "openai POST /completions":
      return {
        json: {
          id: "cmpl-x",
          object: "text_completion",
          model: "gpt-3.5-turbo-instruct",
          choices: [{ index: 0, text: "ok", finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
        },
      };
    case "openai POST /responses":
      return stream ? { sse: fixture("openai/responses-stream.sse") } : { body: fixture("openai/responses.json") };
    case "openai POST /embeddings":
      return { json: embeddingsAs(req.json()?.encoding_format) };
    case "openai POST /images/generations":
      return { body: fixture("openai/images-generation.json") };
    case "openai POST /images/edits":
      return { body: fixture("openai/images-edit.json") };
    case "openai POST /audio/transcriptions":
    case "openai POST /audio/translations":
      return {
        body: fixture(
          /name="model"\r\n\r\nwhisper/.test(req.body.toString("latin1"))
            ? "openai/transcription-whisper.json"
            : "openai/transcription.json",
        ),
      };
    case "openai POST /audio/speech":
      return req.json()?.stream_format === "sse"
        ? { sse: fixture("openai/speech-stream.sse") }
        : { headers: { "content-type": "audio/mpeg" }, body: SPEECH_MP3 };
    case "openai GET /models":
      return { body: fixture("openai/models.json") };
    case "anthropic POST /v1/messages":
      return stream ? { sse: fixture("anthropic/message-stream-cache-5m.sse") } : { body: fixture("anthropic/message.json") };
    case "anthropic GET /v1/models":
      return { body: fixture("anthropic/models.json") };
    default:
      return (
        geminiReply(req, route) ?? {
          status: 404,
          json: { error: { message: `fake upstream: no route for ${route}`, type: "invalid_request_error" } },
        }
      );
  }
}

/** The start of an MP3 (an ID3 tag and a frame header), as audio/speech answers it: bytes, no usage. */
const SPEECH_MP3 = Buffer.from("494433040000000000235453534500000000000003", "hex");

/** Gemini's native API: `models/{model}:<method>`, streamed as SSE with `alt=sse`, else as a JSON array. */
function geminiReply(req: FakeRequest, route: string): FakeReply | null {
  const match = /^google POST \/v1beta\/models\/[A-Za-z0-9._-]+:([A-Za-z]+)$/.exec(route);
  switch (match?.[1]) {
    case "generateContent":
      return { body: fixture("google/generate-content.json") };
    case "streamGenerateContent":
      return new URLSearchParams(req.path.split("?")[1] ?? "").get("alt") === "sse"
        ? { sse: fixture("google/stream-generate-thoughts.sse") }
        : { body: fixture("google/stream-generate.json") };
    case "countTokens":
      return { body: fixture("google/count-tokens.json") };
    case "embedContent":
      return { body: fixture("google/embed-content.json") };
    case "batchEmbedContents":
      return { body: fixture("google/batch-embed-contents.json") };
    default:
      return null;
  }
}

/** The recorded embeddings, as floats or (what the SDK asks for by default) base64 float32 LE. */
function embeddingsAs(format: unknown): unknown {
  const body = JSON.parse(fixture("openai/embeddings.json").toString("utf8"));
  if (format !== "base64") return body;
  for (const item of body.data) item.embedding = Buffer.from(new Float32Array(item.embedding).buffer).toString("base64");
  return body;
}

function sseEvents(bytes: Buffer): Buffer[] {
  const text = bytes.toString("latin1");
  const parts = text.split(/(?<=\r\n\r\n|\n\n|\r\r)/);
  return parts.filter((p) => p.length > 0).map((p) => Buffer.from(p, "latin1"));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeUpstream {
  readonly requests: FakeRequest[] = [];
  private handler: Handler = defaultReply;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeUpstream> {
    const server = http.createServer();
    const fake = new FakeUpstream(server);
    server.on("request", (req, res) => void fake.serve(req, res));
    server.on("connection", (socket) => {
      fake.sockets.add(socket);
      socket.on("close", () => fake.sockets.delete(socket));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** VAULT_UPSTREAM_<PROVIDER> for every provider the fake serves. */
  env(): Record<string, string> {
    return Object.fromEntries(Object.entries(PROVIDER_ROOTS).map(([p, root]) => [`VAULT_UPSTREAM_${p.toUpperCase()}`, this.url + root]));
  }

  reply(handler: Handler): void {
    this.handler = handler;
  }

  reset(): void {
    this.handler = defaultReply;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((r) => this.server.close(r));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = req.url ?? "/";
    const provider = Object.keys(PROVIDER_ROOTS).find((p) => url.startsWith(PROVIDER_ROOTS[p]! + "/"));
    const record: FakeRequest = {
      provider: provider ?? "unknown",
      method: req.method ?? "GET",
      path: provider ? url.slice(PROVIDER_ROOTS[provider]!.length) : url,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
      json: () => JSON.parse(body.toString("utf8")),
      abortedAt: null,
      finishedAt: null,
    };
    this.requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) record.abortedAt = Date.now();
    });
    res.on("finish", () => (record.finishedAt = Date.now()));
    const reply = await this.handler(record);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const headers: Record<string, string> = { "x-request-id": "req_fake_" + this.requests.length, ...reply.headers };
    if (reply.sse !== undefined) {
      res.writeHead(reply.status ?? 200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
      res.flushHeaders();
      const events = sseEvents(Buffer.from(reply.sse));
      for (let i = 0; i < events.length; i++) {
        if (reply.cutAfterEvents && i === reply.cutAfterEvents.events) {
          if (reply.cutAfterEvents.how === "reset") res.socket?.resetAndDestroy();
          return; // "stall": never finish
        }
        if (reply.pauseAfterEvents && i === reply.pauseAfterEvents.events) await reply.pauseAfterEvents.until;
        if (res.destroyed) return;
        res.write(events[i]);
        if (reply.eventDelayMs) await sleep(reply.eventDelayMs);
      }
      res.end();
      return;
    }
    let payload = reply.json !== undefined ? Buffer.from(JSON.stringify(reply.json)) : Buffer.from(reply.body ?? "");
    if (reply.json !== undefined || !headers["content-type"]) headers["content-type"] ??= "application/json";
    if (reply.gzip) {
      payload = zlib.gzipSync(payload);
      headers["content-encoding"] = "gzip";
    }
    res.writeHead(reply.status ?? 200, { ...headers, "content-length": String(payload.length) });
    res.end(payload);
  }
}
