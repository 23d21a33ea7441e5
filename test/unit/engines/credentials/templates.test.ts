import { describe, expect, it } from "vitest";
import { mapJsonStrings, resolveTemplates, setJsonPath, templateNames } from "@/lib/engines/credentials/templates";

describe("{{NAME}} templates", () => {
  it("names and resolves upper-case credential names only", () => {
    expect(templateNames("Bearer {{GITHUB_TOKEN}} and {{ X_KEY }} not {{lower}} or {{A}}")).toEqual(["GITHUB_TOKEN", "X_KEY"]);
    expect(resolveTemplates("Bearer {{GITHUB_TOKEN}}", (n) => `<${n}>`)).toBe("Bearer <GITHUB_TOKEN>");
  });

  it("reaches JSON strings at any depth and sets dotted paths", () => {
    expect(mapJsonStrings({ a: [{ b: "{{K1}}" }], n: 1 }, (s) => s.replace("{{K1}}", "v"))).toEqual({ a: [{ b: "v" }], n: 1 });
    const body: Record<string, unknown> = { auth: "x" };
    setJsonPath(body, "auth.token", "v");
    setJsonPath(body, "deep.er.key", "w");
    expect(body).toEqual({ auth: { token: "v" }, deep: { er: { key: "w" } } });
  });
});
