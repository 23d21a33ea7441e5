"use client";

import { useState } from "react";

/** A code snippet with a Copy button (the text is copied exactly as shown). */
export function CopySnippet({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="overflow-hidden rounded-md border border-slate-200">
      <div className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-600">
        <span>{label}</span>
        <button
          type="button"
          onClick={copy}
          className="rounded px-2 py-0.5 font-medium text-slate-700 hover:bg-slate-200"
          aria-label={`Copy: ${label}`}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="overflow-x-auto bg-white px-3 py-2 text-xs leading-relaxed text-slate-800">
        <code>{code}</code>
      </pre>
    </div>
  );
}
