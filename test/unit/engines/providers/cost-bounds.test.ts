/**
 * The features a capped grant refuses because the vault cannot bound their cost, endpoint by
 * endpoint (server-side state, provider-run tools, files by reference, priced-apart service tiers), the
 * same requests passing on an uncapped grant, and OpenRouter's fallbacks refused on every grant.
 */
import { describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/engines/providers/adapter-for";
import { providerRequest } from "@/test/support/provider-request";

function refusal(provider: string, path: string, body: Record<string, unknown>, capped = true, headers: Record<string, string> = {}) {
  const adapter = adapterFor(provider)!;
  const error = adapter.refusal(providerRequest(adapter, path, body, { headers }), capped);
  return error ? { code: error.code, status: error.status, param: error.field, message: error.message } : null;
}

const CHAT = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };
const RESPONSES = { model: "gpt-4.1-mini", input: "hi" };
const MESSAGES = { model: "claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] };

describe("OpenAI chat/completions on a capped grant", () => {
  it.each([
    ["a hosted tool", { tools: [{ type: "web_search" }] }, "tools"],
    ["a tool without a type", { tools: [{ google_search: {} }] }, "tools"],
    ["web_search_options", { web_search_options: {} }, "web_search_options"],
    ["a file by id", { messages: [{ role: "user", content: [{ type: "file", file: { file_id: "file-abc" } }] }] }, "messages"],
  ])("refuses %s with 400 unsupported_parameter", (_name, extra, param) => {
    expect(refusal("openai", "chat/completions", { ...CHAT, ...extra })).toMatchObject({
      code: "unsupported_parameter",
      status: 400,
      param,
    });
    expect(refusal("openai", "chat/completions", { ...CHAT, ...extra }, false)).toBeNull();
  });

  it("refuses a priced-apart service tier with 403 model_not_priced, and lets the standard ones and client tools through", () => {
    expect(refusal("openai", "chat/completions", { ...CHAT, service_tier: "priority" })).toMatchObject({
      code: "model_not_priced",
      status: 403,
      param: "service_tier",
    });
    expect(refusal("openai", "chat/completions", { ...CHAT, service_tier: "flex" })).toMatchObject({ code: "model_not_priced" });
    for (const tier of ["auto", "default", null]) expect(refusal("openai", "chat/completions", { ...CHAT, service_tier: tier })).toBeNull();
    const tools = [
      { type: "function", function: { name: "f", parameters: { type: "object", properties: { file: { type: "file" } } } } },
      { type: "custom", name: "c" },
    ];
    expect(refusal("openai", "chat/completions", { ...CHAT, tools })).toBeNull();
    // inline files and images by URL have a bounded size
    const inline = [
      { type: "file", file: { file_data: "data:application/pdf;base64,AAAA", filename: "a.pdf" } },
      { type: "image_url", image_url: { url: "https://example.com/a.png" } },
    ];
    expect(refusal("openai", "chat/completions", { ...CHAT, messages: [{ role: "user", content: inline }] })).toBeNull();
  });

  it("applies to every OpenAI-compatible provider", () => {
    expect(refusal("groq", "chat/completions", { ...CHAT, tools: [{ type: "browser_search" }] })).toMatchObject({
      code: "unsupported_parameter",
    });
    expect(refusal("xai", "chat/completions", { ...CHAT, search_parameters: { mode: "on" } })).toMatchObject({
      code: "unsupported_parameter",
      param: "search_parameters",
    });
    expect(
      refusal("google", "chat/completions", { ...CHAT, extra_body: { google: { cached_content: "cachedContents/x" } } }),
    ).toMatchObject({ param: "extra_body.google.cached_content" });
    expect(
      refusal("google", "chat/completions", { ...CHAT, extra_body: { google: { thinking_config: { thinking_budget: 100 } } } }),
    ).toBeNull();
    expect(refusal("openrouter", "chat/completions", { ...CHAT, plugins: [{ id: "web" }] })).toMatchObject({ param: "plugins" });
    expect(refusal("openrouter", "chat/completions", { ...CHAT, plugins: [{ id: "web" }] }, false)).toBeNull();
  });
});

describe("OpenAI responses on a capped grant", () => {
  it.each([
    ["previous_response_id", { previous_response_id: "resp_1" }, "previous_response_id"],
    ["conversation", { conversation: "conv_1" }, "conversation"],
    ["a stored prompt", { prompt: { id: "pmpt_1" } }, "prompt"],
    ["background", { background: true }, "background"],
    ["file_search", { tools: [{ type: "file_search", vector_store_ids: ["vs_1"] }] }, "tools"],
    ["code_interpreter", { tools: [{ type: "code_interpreter", container: { type: "auto" } }] }, "tools"],
    ["image_generation", { tools: [{ type: "image_generation" }] }, "tools"],
    ["mcp", { tools: [{ type: "mcp", server_url: "https://x" }] }, "tools"],
    ["web_search_preview", { tools: [{ type: "web_search_preview" }] }, "tools"],
    ["an input_file by URL", { input: [{ role: "user", content: [{ type: "input_file", file_url: "https://x/a.pdf" }] }] }, "input"],
    ["an input_file by id", { input: [{ role: "user", content: [{ type: "input_file", file_id: "file-1" }] }] }, "input"],
    ["an item_reference", { input: [{ type: "item_reference", id: "msg_1" }] }, "input"],
  ])("refuses %s", (_name, extra, param) => {
    expect(refusal("openai", "responses", { ...RESPONSES, ...extra })).toMatchObject({ code: "unsupported_parameter", status: 400, param });
    expect(refusal("openai", "responses", { ...RESPONSES, ...extra }, false)).toBeNull();
  });

  it("lets function tools, background: false and inline files through", () => {
    const input = [
      {
        role: "user",
        content: [
          { type: "input_file", file_data: "data:application/pdf;base64,AAAA", filename: "a.pdf" },
          { type: "input_text", text: "x" },
        ],
      },
    ];
    expect(
      refusal("openai", "responses", { ...RESPONSES, input, background: false, tools: [{ type: "function", name: "f", parameters: {} }] }),
    ).toBeNull();
  });
});

describe("Anthropic messages on a capped grant", () => {
  it.each([
    ["web search", { tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }] }, "tools"],
    ["web fetch", { tools: [{ type: "web_fetch_20250910", name: "web_fetch" }] }, "tools"],
    ["code execution", { tools: [{ type: "code_execution_20250825", name: "code_execution" }] }, "tools"],
    ["MCP connectors", { mcp_servers: [{ type: "url", url: "https://x", name: "x" }] }, "mcp_servers"],
    ["a container", { container: "container_1" }, "container"],
    [
      "a document by URL",
      { messages: [{ role: "user", content: [{ type: "document", source: { type: "url", url: "https://x/a.pdf" } }] }] },
      "messages",
    ],
    [
      "a document by file id",
      { messages: [{ role: "user", content: [{ type: "document", source: { type: "file", file_id: "file_1" } }] }] },
      "messages",
    ],
    ["a container upload", { messages: [{ role: "user", content: [{ type: "container_upload", file_id: "file_1" }] }] }, "messages"],
  ])("refuses %s", (_name, extra, param) => {
    expect(refusal("anthropic", "v1/messages", { ...MESSAGES, ...extra })).toMatchObject({
      code: "unsupported_parameter",
      status: 400,
      param,
    });
    expect(refusal("anthropic", "v1/messages", { ...MESSAGES, ...extra }, false)).toBeNull();
  });

  it("refuses the betas that enable server tools or stored files, and priced-apart service tiers", () => {
    expect(
      refusal("anthropic", "v1/messages", MESSAGES, true, {
        "anthropic-beta": "interleaved-thinking-2025-05-14, code-execution-2025-08-25",
      }),
    ).toMatchObject({ param: "anthropic-beta" });
    expect(refusal("anthropic", "v1/messages", MESSAGES, true, { "anthropic-beta": "mcp-client-2025-04-04" })).toMatchObject({
      param: "anthropic-beta",
    });
    expect(refusal("anthropic", "v1/messages", MESSAGES, true, { "anthropic-beta": "files-api-2025-04-14" })).toMatchObject({
      param: "anthropic-beta",
    });
    expect(
      refusal("anthropic", "v1/messages", MESSAGES, true, { "anthropic-beta": "interleaved-thinking-2025-05-14,context-1m-2025-08-07" }),
    ).toBeNull();
    expect(refusal("anthropic", "v1/messages", { ...MESSAGES, service_tier: "priority" })).toMatchObject({ code: "model_not_priced" });
    expect(refusal("anthropic", "v1/messages", { ...MESSAGES, service_tier: "standard_only" })).toBeNull();
  });

  it("lets client tools through (custom, bash, text editor, computer use, memory), and documents inline or by text", () => {
    const tools = [
      { name: "f", input_schema: { type: "object" } },
      { type: "custom", name: "g", input_schema: {} },
      { type: "bash_20250124", name: "bash" },
      { type: "text_editor_20250728", name: "str_replace_based_edit_tool" },
      { type: "computer_20250124", name: "computer" },
      { type: "memory_20250818", name: "memory" },
    ];
    const content = [
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "AAAA" } },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "x" } },
      { type: "image", source: { type: "url", url: "https://x/a.png" } },
    ];
    expect(refusal("anthropic", "v1/messages", { ...MESSAGES, tools, messages: [{ role: "user", content }] })).toBeNull();
  });
});

describe("OpenRouter fallbacks on any grant", () => {
  it("refuses `models` and `route` on every grant: they would bypass the model list and the price", () => {
    for (const capped of [true, false]) {
      expect(
        refusal("openrouter", "chat/completions", { ...CHAT, models: ["openai/gpt-4o", "anthropic/claude-opus-4"] }, capped),
      ).toMatchObject({ code: "unsupported_parameter", status: 400, param: "models" });
      expect(refusal("openrouter", "chat/completions", { ...CHAT, route: "fallback" }, capped)).toMatchObject({ param: "route" });
    }
    expect(refusal("openai", "chat/completions", { ...CHAT, route: "x" }, false)).toBeNull();
  });
});
