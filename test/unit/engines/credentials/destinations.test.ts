import { describe, expect, it } from "vitest";
import { allowsPrivateAddress, destinationMatches, formatDestination, parseDestination } from "@/lib/engines/credentials/destinations";

const canon = (text: string) => formatDestination(parseDestination(text));

describe("credential destinations", () => {
  it("accepts the owner's forms and stores them canonical", () => {
    expect(canon("api.github.com")).toBe("https://api.github.com");
    expect(canon("API.GitHub.com.")).toBe("https://api.github.com");
    expect(canon("*.atlassian.net")).toBe("https://*.atlassian.net");
    expect(canon("https://api.example.com:8443")).toBe("https://api.example.com:8443");
    expect(canon("https://api.example.com:443")).toBe("https://api.example.com");
    expect(canon("http://127.0.0.1:9999")).toBe("http://127.0.0.1:9999");
    expect(canon("http://gitea.lan:3000")).toBe("http://gitea.lan:3000");
    expect(canon("http://[::1]:8080")).toBe("http://[::1]:8080");
  });

  it.each([
    "https://api.github.com/repos",
    "https://user:pw@api.github.com",
    "user@api.github.com",
    "javascript:alert(1)",
    "ftp://files.example.com",
    "http://*.example.com",
    "*.com",
    "https://api.github.com?x=1",
    "https://api.github.com#x",
    "api.github.com:99999",
    "",
    "exa mple.com",
    "-bad-.example.com",
  ])("refuses %j", (text) => {
    expect(() => parseDestination(text)).toThrow();
  });

  it("matches scheme, host and port exactly, wildcards one label or more in front", () => {
    const gh = parseDestination("api.github.com");
    expect(destinationMatches(gh, { scheme: "https", host: "api.github.com", port: 443 })).toBe(true);
    expect(destinationMatches(gh, { scheme: "http", host: "api.github.com", port: 80 })).toBe(false);
    expect(destinationMatches(gh, { scheme: "https", host: "api.github.com", port: 8443 })).toBe(false);
    expect(destinationMatches(gh, { scheme: "https", host: "evil-api.github.com", port: 443 })).toBe(false);
    const jira = parseDestination("*.atlassian.net");
    expect(destinationMatches(jira, { scheme: "https", host: "acme.atlassian.net", port: 443 })).toBe(true);
    expect(destinationMatches(jira, { scheme: "https", host: "a.b.atlassian.net", port: 443 })).toBe(true);
    expect(destinationMatches(jira, { scheme: "https", host: "atlassian.net", port: 443 })).toBe(false);
    expect(destinationMatches(jira, { scheme: "https", host: "evilatlassian.net", port: 443 })).toBe(false);
  });

  it("lets private addresses through only destinations that name them exactly", () => {
    expect(allowsPrivateAddress(parseDestination("http://127.0.0.1:9999"))).toBe(true);
    expect(allowsPrivateAddress(parseDestination("https://10.0.0.5"))).toBe(true);
    expect(allowsPrivateAddress(parseDestination("https://nas.lan"))).toBe(true);
    expect(allowsPrivateAddress(parseDestination("api.github.com"))).toBe(false);
    expect(allowsPrivateAddress(parseDestination("*.lan.example.com"))).toBe(false);
  });
});
