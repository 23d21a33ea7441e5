/**
 * sendUpstream when the client goes away: before the call (nothing is sent, nothing is thrown
 * outside the promise) and while the provider has not answered yet (the provider sees the close).
 * Found by the benchmark on PostgreSQL, where a client often leaves during admission: a request
 * destroyed before its listeners existed crashed into the process's uncaught-exception handler.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { sendUpstream, UpstreamError } from "@/lib/surfaces/proxy/send-upstream";
import { waitFor } from "@/test/support/wait-for";

let server: http.Server;
let url: URL;
const arrived: http.IncomingMessage[] = [];
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  server = http.createServer((req) => arrived.push(req)); // never answers
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`);
  process.on("uncaughtException", onUncaught);
});
afterAll(async () => {
  process.off("uncaughtException", onUncaught);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  arrived.length = 0;
});

const call = (signal: AbortSignal) =>
  sendUpstream({ url, method: "POST", headers: { "content-type": "application/json" }, body: Buffer.from("{}"), timeoutMs: 5_000, signal });

it("a client gone before the call: rejected as aborted, not sent, nothing thrown elsewhere", async () => {
  const error = await call(AbortSignal.abort()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  expect(error).toMatchObject({ kind: "aborted", sent: false });
  await new Promise((r) => setTimeout(r, 200)); // a destroyed request's error surfaces a tick or more later
  expect(uncaught).toEqual([]);
  expect(arrived).toHaveLength(0);
});

it("a client gone while the provider thinks: rejected as aborted, the provider sees the connection close", async () => {
  const controller = new AbortController();
  const pending = call(controller.signal).catch((e: unknown) => e);
  const upstream = await waitFor(() => arrived[0], 2_000, "the request to reach the provider");
  const closed = new Promise((resolve) => upstream.socket.once("close", resolve));
  controller.abort();
  expect(await pending).toMatchObject({ kind: "aborted", sent: true });
  await closed;
  await new Promise((r) => setTimeout(r, 200));
  expect(uncaught).toEqual([]);
});
