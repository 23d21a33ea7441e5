/**
 * RFC 4180 CSV that is safe to open in a spreadsheet: a cell that starts with =, +, -, @, a tab or a
 * carriage return (a formula to Excel, LibreOffice and Google Sheets) is prefixed with a single quote
 * (OWASP's recommendation), and every cell with a quote, comma or line break is quoted.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
