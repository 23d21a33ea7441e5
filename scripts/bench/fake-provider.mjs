// The benchmark's upstream: a minimal node:http server answering OpenAI chat completions from the
// recorded fixtures (JSON, or SSE when the request streams). A streaming request whose message is
// "slow" gets a long stream instead: 40 content events 25 ms apart, then the usage chunk (the soak's
// long-lived streams). Run as its own process: `node scripts/bench/fake-provider.mjs <port>`;
// prints "ready" when listening.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "fixtures", "providers", "openai");
// The recorded completion, with the usage of a request of this size (14 input, 9 output tokens).
const recorded = JSON.parse(readFileSync(path.join(FIXTURES, "chat-completion.json"), "utf8"));
const json = Buffer.from(
  JSON.stringify({
    ...recorded,
    usage: {
      prompt_tokens: 14,
      completion_tokens: 9,
      total_tokens: 23,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  }),
);
const sse = readFileSync(path.join(FIXTURES, "chat-stream-usage.sse"));
const SLOW_EVENTS = 40;
const chunk = (i) =>
  `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"word${i} "},"finish_reason":null}],"usage":null}\n\n`;
const slowUsage = `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":${SLOW_EVENTS * 2},"total_tokens":${14 + SLOW_EVENTS * 2}}}\n\ndata: [DONE]\n\n`;

function slowStream(res) {
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (i < SLOW_EVENTS) return void res.write(chunk(i++));
    clearInterval(timer);
    res.end(slowUsage);
  }, 25);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString();
    if (body.includes('"stream":true')) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      if (body.includes('"content":"slow"')) return slowStream(res);
      res.end(sse);
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": json.length, "x-request-id": "req_bench" });
    res.end(json);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => process.stdout.write("ready\n"));
