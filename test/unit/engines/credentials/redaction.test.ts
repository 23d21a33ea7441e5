/** Redaction of injected values from upstream answers, whole and streamed (any chunking). */
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor, redactBuffer, redactText, redactionNeedles } from "@/lib/engines/credentials/redaction";

const SECRET = "ghp_CANARYsecret/+=value123";

describe("redaction", () => {
  const needles = redactionNeedles([SECRET]);

  it("finds the value and its base64, base64url, percent-encoded (both cases) and hex forms", () => {
    const b = Buffer.from(SECRET);
    for (const form of [
      SECRET,
      b.toString("base64"),
      b.toString("base64url"),
      encodeURIComponent(SECRET),
      b.toString("hex"),
      b.toString("hex").toUpperCase(),
    ]) {
      expect(redactText(`x ${form} y`, needles)).toEqual({ text: `x ${REDACTED} y`, redacted: true });
    }
    expect(redactText(encodeURIComponent(SECRET).toLowerCase().replace("ghp_canary", "ghp_CANARY"), needles).redacted).toBe(true);
    expect(redactText("nothing here", needles)).toEqual({ text: "nothing here", redacted: false });
  });

  it("finds a value echoed inside a JSON string: escaped quotes and backslashes, \\/ and \\u escapes", () => {
    const tricky = 'pa"ss\\w/ord-é-123';
    const found = redactionNeedles([tricky]);
    const escaped = JSON.stringify(tricky).slice(1, -1);
    for (const form of [escaped, escaped.replace(/\//g, "\\/"), escaped.replace("é", "\\u00e9")]) {
      expect(redactText(`{"comment":"${form}"}`, found).text, form).toBe(`{"comment":"${REDACTED}"}`);
    }
    // a body as a JSON-writing upstream produces it, parsed back: nothing of the value is left
    const echoed = JSON.stringify({ comment: tricky });
    expect(JSON.parse(redactText(echoed, found).text).comment).toBe(REDACTED);
  });

  it("catches a value split across chunks at every possible cut, and loses no other byte", () => {
    const body = `{"a":"${SECRET}","b":"${Buffer.from(SECRET).toString("base64")}","tail":"ok"}`;
    const expected = redactBuffer(Buffer.from(body), needles).body.toString();
    expect(expected).not.toContain("CANARY");
    for (let cut = 1; cut < body.length; cut++) {
      for (const size of [1, 3, cut]) {
        const r = new Redactor(needles);
        let out = "";
        const bytes = Buffer.from(body);
        for (let i = 0; i < bytes.length; i += size) out += r.push(bytes.subarray(i, i + size)).toString();
        out += r.flush().toString();
        expect(out).toBe(expected);
        expect(r.redacted).toBe(true);
      }
    }
  });

  it("passes bodies without a secret through unchanged", () => {
    const r = new Redactor(needles);
    const out = Buffer.concat([r.push(Buffer.from("hello ")), r.push(Buffer.from("world")), r.flush()]).toString();
    expect(out).toBe("hello world");
    expect(r.redacted).toBe(false);
  });
});
