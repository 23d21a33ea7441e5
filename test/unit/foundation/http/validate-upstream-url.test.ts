import { describe, expect, it } from "vitest";
import { UpstreamUrlError, validateUpstreamUrl } from "@/lib/foundation/http/validate-upstream-url";

describe("upstream URL validation", () => {
  it("accepts public https roots, and loopback/private hosts in canonical form", () => {
    expect(validateUpstreamUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1");
    expect(validateUpstreamUrl("http://127.0.0.1:11434/v1")).toBe("http://127.0.0.1:11434/v1");
    expect(validateUpstreamUrl("http://[::1]:8080/v1")).toBe("http://[::1]:8080/v1");
    expect(validateUpstreamUrl("https://10.0.0.5/openai")).toBe("https://10.0.0.5/openai");
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data", /link-local/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[fd00:ec2::254]/", /metadata/],
    ["http://[::ffff:127.0.0.1]/v1", /IPv4-mapped/],
    ["http://[::ffff:169.254.169.254]/", /IPv4-mapped/],
    ["http://2130706433/v1", /canonical/],
    ["http://0x7f.0.0.1/v1", /canonical/],
    ["http://017700000001/v1", /canonical/],
    ["http://0.0.0.0:80/", /unspecified/],
    ["http://224.0.0.1/", /multicast/],
    ["ftp://example.com/v1", /http/],
    ["javascript:alert(1)", /http/],
    ["https://user:pass@example.com/v1", /user name/],
    ["https://example.com/v1?key=x", /query/],
    ["https://example.com/v1#x", /query or fragment/],
    ["not a url", /valid URL/],
  ])("refuses %s", (url, reason) => {
    expect(() => validateUpstreamUrl(url)).toThrow(UpstreamUrlError);
    expect(() => validateUpstreamUrl(url)).toThrow(reason);
  });
});
