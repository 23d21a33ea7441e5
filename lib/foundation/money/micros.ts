/**
 * Money is an integer count of micro-dollars (1 USD = 1_000_000 µ$) held in a bigint. Conversions
 * from the decimal dollars of the OKAP wire format are exact for up to 6 decimal places and never go
 * through binary floating-point arithmetic on the ledger side.
 */

export const MICROS_PER_USD = 1_000_000n;

/** Largest cap accepted anywhere: $1,000,000,000 (keeps every sum far from bigint-to-SQL limits). */
export const MAX_USD_MICROS = 1_000_000_000n * MICROS_PER_USD;

export class MoneyError extends Error {}

/**
 * Dollars as a JSON number or decimal string ("10", 10.5, "0.000001") -> µ$. Digits beyond the 6th
 * decimal place are truncated (a cap never grows by rounding). Rejects negatives, NaN/Infinity,
 * exponent notation and amounts above MAX_USD_MICROS.
 */
export function usdToMicros(value: number | string): bigint {
  const text = typeof value === "number" ? (Number.isFinite(value) && value >= 0 ? String(value) : "invalid") : value.trim();
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(text);
  if (!match) throw new MoneyError(`not a non-negative dollar amount: ${JSON.stringify(String(value)).slice(0, 40)}`);
  const fraction = (match[2] ?? "").slice(0, 6).padEnd(6, "0");
  const micros = BigInt(match[1]!) * MICROS_PER_USD + BigInt(fraction);
  if (micros > MAX_USD_MICROS) throw new MoneyError("dollar amount is too large");
  return micros;
}

/** µ$ -> dollars as a JSON number (for wire formats that carry dollars; display only, never math). */
export function microsToUsd(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

/** µ$ -> "$12.34" (cents, rounded half up) or with more digits when below a cent. */
export function formatUsd(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  if (abs !== 0n && abs < 10_000n) return `${negative ? "-" : ""}$${(Number(abs) / 1e6).toFixed(6).replace(/0+$/, "")}`;
  const cents = (abs + 5_000n) / 10_000n;
  const dollars = cents / 100n;
  const rest = String(cents % 100n).padStart(2, "0");
  return `${negative ? "-" : ""}$${dollars.toLocaleString("en-US")}.${rest}`;
}

/** µ$ -> exact decimal dollars as a string ("2.5", "0.075", "0"), for machine-readable output. */
export function microsToDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const fraction = String(abs % MICROS_PER_USD)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / MICROS_PER_USD}${fraction ? `.${fraction}` : ""}`;
}
