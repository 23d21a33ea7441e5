import Link from "next/link";

/** "N items · page x of y" with newer / older links that keep the current filters. */
export function Pager({
  total,
  page,
  limit,
  base,
  params,
  noun,
}: {
  total: number;
  page: number;
  limit: number;
  base: string;
  params: Record<string, string>;
  noun: string;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const href = (p: number) => `${base}?${new URLSearchParams({ ...params, page: String(p) })}`;
  return (
    <div className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        {total.toLocaleString("en-US")} {noun}
        {total === 1 ? "" : "s"} · page {page} of {pages}
      </span>
      <span className="flex gap-3">
        {page > 1 && <Link href={href(page - 1)}>← Newer</Link>}
        {page < pages && <Link href={href(page + 1)}>Older →</Link>}
      </span>
    </div>
  );
}
