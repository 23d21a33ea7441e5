import { CopySnippet } from "@/components/cockpit/copy-snippet";

/** For a new owner: how an app gets a token and uses it, with snippets pointed at this vault. */
export function ConnectApp({ vaultUrl }: { vaultUrl: string }) {
  const openai = `import OpenAI from "openai";

// the okap_ token of your app, instead of an OpenAI key
const openai = new OpenAI({
  apiKey: process.env.OKAP_TOKEN,
  baseURL: "${vaultUrl}/v1/openai",
});
const reply = await openai.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Hello!" }],
});`;
  const okap = `import OpenAI from "openai";
import { OkapClient } from "./okap-client"; // a copy of okap-vault's packages/okap-client/src

const okap = new OkapClient({ vaultUrl: "${vaultUrl}" });
// waits until you approve the request in this vault
const grant = await okap.requestAccess({
  provider: "openai",
  models: ["gpt-4o-mini"],
  app_name: "My app",
  reason: "Summaries of my notes",
});
const openai = new OpenAI({ apiKey: grant.token, baseURL: grant.base_url });`;
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <ol className="list-decimal space-y-1 pl-5">
        <li>The app asks this vault for access (OKAP): it names the provider, models and limits it needs.</li>
        <li>The request appears under Requests; you tighten it if you like, and approve or deny.</li>
        <li>
          The app receives an okap_ token and uses it as its API key, with the vault as base URL. Your provider key never leaves the vault.
        </li>
      </ol>
      <div className="grid gap-4">
        <CopySnippet label="Ask for access with the okap client" code={okap} />
        <CopySnippet label="Use a token with the OpenAI SDK" code={openai} />
      </div>
    </div>
  );
}
