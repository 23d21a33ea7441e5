/** Polls until `check` returns a truthy value (or throws after timeoutMs with the last value). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 5_000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last, (_k, v) => (typeof v === "bigint" ? String(v) : v))})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
