export { OkapClient, type OkapClientOptions, type PollState } from "./client";
export { OkapDeniedError, OkapError, OkapExpiredError, OkapTimeoutError } from "./errors";
export { createPkce, pkceChallenge } from "./pkce";
export type * from "./types";
