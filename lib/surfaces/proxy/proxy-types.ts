/**
 * The framework-neutral shape of a proxied request and its answer. Two thin adapters translate:
 * node:http (server/, the hot path) and the Web Request/Response of the Next.js route.
 */
export type ProxyRequest = {
  method: string;
  /** Path and query as received, starting with "/v1/". */
  url: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: AsyncIterable<Uint8Array> | null;
  /** Fires when the client goes away. */
  signal: AbortSignal;
};

/** A streamed body: pulled chunk by chunk (backpressure reaches the upstream socket). */
export type ProxyBodyStream = AsyncIterable<Buffer> & {
  /** The client went away: stop, tell the upstream, settle. */
  cancel(): void;
};

export type ProxyResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer | ProxyBodyStream;
  /**
   * Work that must follow the answer (settling a whole-body request): the adapter calls it once the
   * body is handed to the client, so the client does not wait for the ledger write.
   */
  after?: () => Promise<void>;
};

export function isBodyStream(body: ProxyResponse["body"]): body is ProxyBodyStream {
  return !Buffer.isBuffer(body);
}
