import { Alert } from "@/components/ui/alert";

export const REASON_DISPLAY_MAX = 600;

/**
 * Who is asking, in large type, as plain text: the app's origin and where the browser goes back to.
 * Nothing here is a link: these are the app's claims, shown for a person to check.
 */
export function ClientIdentity({
  appOrigin,
  callbackOrigin,
  differs,
  reason,
}: {
  appOrigin: string | null;
  callbackOrigin: string | null;
  differs: boolean;
  reason: string;
}) {
  const shown = reason.length > REASON_DISPLAY_MAX ? `${reason.slice(0, REASON_DISPLAY_MAX)}…` : reason;
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
        <dt className="text-sm text-slate-500">App address</dt>
        <dd className="break-all font-mono text-xl font-semibold text-slate-900" data-testid="app-origin">
          {appOrigin ?? "not given"}
        </dd>
        {callbackOrigin && (
          <>
            <dt className="text-sm text-slate-500">Sends you back to</dt>
            <dd className="break-all font-mono text-xl font-semibold text-slate-900" data-testid="callback-origin">
              {callbackOrigin}
            </dd>
          </>
        )}
      </dl>
      {differs && callbackOrigin && (
        <Alert tone="warning" title="The callback is on a different site">
          After your decision the browser goes to {callbackOrigin}, not to the app address above. Only continue if you trust it.
        </Alert>
      )}
      {shown && (
        <figure>
          <figcaption className="mb-1 text-sm text-slate-500">The app says why it needs access (its own words, unverified):</figcaption>
          <blockquote
            className="max-h-48 overflow-hidden whitespace-pre-wrap break-words border-l-4 border-slate-300 bg-slate-50 px-4 py-2 text-sm italic text-slate-700"
            data-testid="reason"
          >
            “{shown}”
          </blockquote>
        </figure>
      )}
    </section>
  );
}
