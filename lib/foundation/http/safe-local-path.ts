/** A same-site path to go back to after sign-in; anything else (absolute, protocol-relative) is "/". */
export function safeLocalPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2048) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\\]/.test(value)) return "/";
  return value;
}
