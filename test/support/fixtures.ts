/** Recorded provider responses (test/fixtures/providers/<id>/), see the README there. */
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures", "providers");

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixture(name).toString("utf8")) as T;
}
