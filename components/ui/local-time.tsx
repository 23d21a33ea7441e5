"use client";

import { useEffect, useState } from "react";

/**
 * A timestamp in the viewer's locale and time zone. The server renders the UTC form (the server
 * cannot know the viewer's locale), the browser swaps in the local one after hydration, so the two
 * renders never disagree.
 */
export function LocalTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const [text, setText] = useState(() => (dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`));
  useEffect(() => {
    const date = new Date(iso);
    setText(dateOnly ? date.toLocaleDateString() : date.toLocaleString());
  }, [iso, dateOnly]);
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
