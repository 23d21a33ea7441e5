import Link from "next/link";

/**
 * "N items · page x of y" with newer / older links that keep the current filters. The links carry the
 * keyset cursors of the list (where the page ends), so a page deep in a long history is read from its
 * index position, not after skipping every newer row; the first page needs none.
 */
export function Pager({
  total,
  page,
  limit,
  base,
  params,
  noun,
  older,
  newer,
}: {
  total: number;
  page: number;
  limit: number;
  base: string;
  params: Record<string, string>;
  noun: string;
  older: string | null;
  newer: string | null;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const href = (p: number, cursor: string | null) =>
    `${base}?${new URLSearchParams({ ...params, ...(p > 1 ? { page: String(p), ...(cursor ? { cursor } : {}) } : {}) })}`;
  return (
    <div className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span>
        {total.toLocaleString("en-US")} {noun}
        {total === 1 ? "" : "s"} · page {page} of {pages}
      </span>
      <span className="flex gap-3">
        {page > 1 && <Link href={href(page - 1, newer)}>← Newer</Link>}
        {older && <Link href={href(page + 1, older)}>Older →</Link>}
      </span>
    </div>
  );
}
