/**
 * Process-wide singletons. The custom server (dist/server.mjs) and Next.js's own server bundle each
 * hold a copy of lib/, so module-level state would exist twice; state that must be shared (the
 * database clients, the key ring, caches) lives on globalThis under a registered symbol instead.
 */
export function singleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`okap-vault.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  let value = slots[key];
  if (value === undefined) {
    value = create();
    slots[key] = value;
  }
  return value;
}

/** Replace a singleton (startup wiring and tests). */
export function setSingleton<T>(name: string, value: T | undefined): void {
  (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`okap-vault.${name}`)] = value;
}

export function peekSingleton<T>(name: string): T | undefined {
  return (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`okap-vault.${name}`)];
}
