/**
 * Path traversal as a property: no path, however encoded, leaves the configured upstream root. Whatever
 * parseProxyPath accepts builds a URL with the root's origin and path prefix.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isVaultError } from "@/lib/foundation/errors/vault-error";
import { buildUpstreamUrl, parseProxyPath } from "@/lib/surfaces/proxy/parse-proxy-path";

const ROOTS = ["https://api.openai.com/v1", "http://127.0.0.1:4010/openai/v1", "https://api.anthropic.com"];

const fragment = fc.constantFrom(
  "..",
  ".",
  "%2e%2e",
  "%2E%2e",
  ".%2E",
  "%2f",
  "%2F",
  "%5c",
  "\\",
  "%252e",
  "%00",
  "//",
  "/",
  "evil.com",
  "@evil.com",
  "https:",
  "http:",
  "user@host",
  ":",
  "chat",
  "completions",
  "models",
  "v1",
  "messages",
  "?",
  "#",
  "%3f",
  "~",
  "a b",
  "%20",
  "\u2024\u2024",
  "．．",
);

function tryParse(url: string) {
  try {
    return parseProxyPath(url);
  } catch (error) {
    if (isVaultError(error) && error.code === "invalid_path") return null;
    throw error;
  }
}

describe("parseProxyPath + buildUpstreamUrl", () => {
  it("rejects every traversal form (dot segments, encoded or double slashes, double encoding, backslashes, absolute URLs)", () => {
    for (const path of [
      "%2e%2e/%2e%2e/x",
      ".%2E/x",
      "..%2f",
      "//evil.com/x",
      "https://evil.com",
      "\\",
      "%252e",
      "../x",
      "chat/../../x",
      "./models",
      "chat//completions",
      "a%2fb",
    ]) {
      expect(tryParse(`/v1/openai/${path}`), path).toBeNull();
    }
    expect(tryParse("/v1/openai")).toBeNull();
    expect(tryParse("/v1/openai/")).toBeNull();
  });

  it("keeps the origin and the root's path prefix for anything it accepts (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fragment, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("", "/"),
        fc.constantFrom(...ROOTS),
        (parts, joiner, root) => {
          const parsed = tryParse(`/v1/openai/${parts.join(joiner)}`);
          if (!parsed) return true;
          const url = buildUpstreamUrl(root, parsed.path, parsed.query, []);
          const base = new URL(root + "/");
          return (
            url.origin === base.origin &&
            url.pathname.startsWith(base.pathname) &&
            !url.pathname
              .slice(base.pathname.length)
              .split("/")
              .some((s) => s === ".." || s === ".")
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("forwards only allowlisted query parameters", () => {
    const parsed = parseProxyPath("/v1/anthropic/v1/messages?beta=true&key=leak&url=http://evil");
    expect(buildUpstreamUrl("https://api.anthropic.com", parsed.path, parsed.query, ["beta"]).toString()).toBe(
      "https://api.anthropic.com/v1/messages?beta=true",
    );
  });
});
