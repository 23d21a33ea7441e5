export function SealedBanner({ reason }: { reason: string }) {
  return (
    <div role="alert" className="border-b border-red-300 bg-red-600 px-4 py-3 text-sm text-white">
      <p className="mx-auto max-w-5xl">
        <strong className="font-semibold">The vault is sealed.</strong> Its encryption key is missing or wrong, so no key can be used and no
        app can be served until the owner fixes it. Reason: {reason}. Set the right <code>VAULT_SECRET_KEY</code> or restore{" "}
        <code>secret.key</code> in the data directory, then restart.
      </p>
    </div>
  );
}
