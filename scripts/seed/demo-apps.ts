/**
 * The demo vault's apps: what each asks for, what becomes of its request, and how it uses its grant.
 * Spend caps are not written here: the seed sizes each cap from the usage it generates, so that
 * `monthShare` of the monthly cap is spent by today (and no window ever went over its cap).
 */
type DemoEntry = {
  provider: string;
  models: string[];
  capabilities?: string[];
  /** Whether the app asks for a daily cap too. */
  daily?: boolean;
  requestsPerMinute?: number;
};

export type DemoApp = {
  name: string;
  url: string;
  dialect: "a" | "b";
  reason?: string;
  entries: DemoEntry[];
  decision: "approve" | "deny" | "pending";
  /** After approval: pause or revoke it, so many days ago. */
  pausedDaysAgo?: number;
  revokedDaysAgo?: number;
  /** Days since the grant was made (usage starts then, at most 30 days back). */
  ageDays?: number;
  /** Calls per weekday (weekends half), split across models by weight. */
  callsPerDay?: number;
  calls?: Record<string, number>;
  monthShare?: number;
  /** Share of the daily cap spent today (apps with a daily cap). */
  todayShare?: number;
};

export const DEMO_APPS: DemoApp[] = [
  {
    name: "Notes Summarizer",
    url: "https://notes.example.com",
    dialect: "a",
    reason: "Summaries and titles for your notes",
    entries: [{ provider: "openai", models: ["gpt-4o-mini", "gpt-4o"], daily: true, requestsPerMinute: 60 }],
    decision: "approve",
    ageDays: 45,
    callsPerDay: 120,
    calls: { "gpt-4o-mini": 8, "gpt-4o": 2 },
    monthShare: 0.86,
    todayShare: 0.6,
  },
  {
    name: "Support Copilot",
    url: "https://support.example.com",
    dialect: "b",
    reason: "Drafts replies to support tickets",
    entries: [
      { provider: "anthropic", models: ["claude-sonnet-4-5", "claude-haiku-4-5"], requestsPerMinute: 120 },
      { provider: "openai", models: ["text-embedding-3-small"], capabilities: ["embeddings"] },
    ],
    decision: "approve",
    ageDays: 40,
    callsPerDay: 90,
    calls: { "claude-sonnet-4-5": 2, "claude-haiku-4-5": 4, "text-embedding-3-small": 6 },
    monthShare: 0.55,
  },
  {
    name: "Research Agent",
    url: "https://agent.example.org",
    dialect: "b",
    reason: "Literature searches and reading notes",
    entries: [{ provider: "google", models: ["gemini-2.5-pro", "gemini-2.5-flash"], daily: true }],
    decision: "approve",
    ageDays: 20,
    callsPerDay: 30,
    calls: { "gemini-2.5-pro": 2, "gemini-2.5-flash": 6 },
    monthShare: 0.34,
    todayShare: 0.25,
  },
  {
    name: "Code Review CLI",
    url: "http://localhost:4000",
    dialect: "a",
    reason: "Reviews the diffs of my side projects",
    entries: [{ provider: "anthropic", models: ["claude-sonnet-4-5"], daily: true }],
    decision: "approve",
    pausedDaysAgo: 3,
    ageDays: 28,
    callsPerDay: 15,
    calls: { "claude-sonnet-4-5": 1 },
    monthShare: 0.42,
  },
  {
    name: "Old Prototype",
    url: "https://proto.example.net",
    dialect: "a",
    entries: [{ provider: "openai", models: ["gpt-4.1-mini"] }],
    decision: "approve",
    revokedDaysAgo: 12,
    ageDays: 34,
    callsPerDay: 12,
    calls: { "gpt-4.1-mini": 1 },
    monthShare: 0.2,
  },
  {
    name: "Photo Captioner",
    url: "https://captions.example.com",
    dialect: "a",
    reason: "Alt text for my photo library",
    entries: [{ provider: "openai", models: ["gpt-4o"] }],
    decision: "pending",
  },
  {
    name: "Browser Extension",
    url: "https://extension.example.dev",
    dialect: "b",
    reason: "Explains the page you are reading",
    entries: [{ provider: "anthropic", models: ["claude-haiku-4-5"], daily: true }],
    decision: "pending",
  },
  {
    name: "Unknown Script",
    url: "https://scripts.example.io",
    dialect: "a",
    reason: "testing",
    entries: [{ provider: "openai", models: [] }],
    decision: "deny",
  },
];
