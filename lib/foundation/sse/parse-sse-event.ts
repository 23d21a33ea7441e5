/**
 * Parses the bytes of one complete Server-Sent Event (as cut by SseEventSplitter) into its event
 * name and data, per the WHATWG rules: "field: value" with one optional space removed, data lines
 * joined with "\n", comment lines (":") ignored, any of CRLF / LF / CR as line endings.
 */
export type SseEvent = { event: string; data: string };

export function parseSseEvent(bytes: Uint8Array): SseEvent | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  let event = "";
  let data: string[] | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") (data ??= []).push(value);
    else if (field === "event") event = value;
  }
  if (data === null && event === "") return null;
  return { event: event || "message", data: data?.join("\n") ?? "" };
}
