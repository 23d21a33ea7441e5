/** Small OpenAI chat bodies and answers for tests that script the fake upstream themselves. */

/** A chat request body for gpt-4o-mini with one user message. */
export function chatBody(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 100, ...extra });
}

/** A whole chat completion reporting the given usage. */
export function completion(promptTokens: number, completionTokens: number, content = "ok") {
  return {
    id: "chatcmpl-x",
    object: "chat.completion",
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** An OpenAI chat stream of `words` content events ("w0 ", "w1 ", ...), then the usage chunk and [DONE]. */
export function chatStream(words: number): string {
  let out = "";
  for (let i = 0; i < words; i++)
    out += `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}],"usage":null}\n\n`;
  return (
    out +
    `data: {"id":"c","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":${words},"total_tokens":${9 + words}}}\n\ndata: [DONE]\n\n`
  );
}
