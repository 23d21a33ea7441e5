import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-500">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-slate-900 underline">
        Back to the vault
      </Link>
    </main>
  );
}
