/** Wire types of OKAP as the vault speaks it (docs/okap-protocol.md), for apps using the client. */

export type Limits = {
  monthly_spend?: number;
  daily_spend?: number;
  requests_per_minute?: number;
  requests_per_day?: number;
  tokens_per_request?: number;
};

/** What an app asks of one provider ([] or no models = every model). */
export type ScopeRequest = {
  provider: string;
  models?: string[];
  capabilities?: string[];
  limits?: Limits;
  /** "2027-03-01" or an ISO 8601 date-time */
  expires?: string;
  reason?: string;
};

/** Dialect A (`POST /okap/request`, the published `okap` SDK's body). */
export type AccessRequestA = ScopeRequest & { app_name?: string; app_url?: string; redirect_uri?: string };

export type GrantedTokenA = {
  token: string;
  base_url: string;
  provider: string;
  models: string[];
  capabilities: string[];
  limits: Limits;
  expires_at: string;
  created_at: string;
};

export type AuthorizationDetail = ScopeRequest & { type: "ai_model_access" };

/** Dialect B (`POST /okap/authorize`, OKAP v1.0 draft): several providers, one token. */
export type AuthorizationRequestB = {
  authorization_details: AuthorizationDetail[];
  client: { name: string; url?: string; callback?: string };
};

export type GrantedB = {
  okap: "1.0";
  status: "granted";
  token: string;
  authorization_details: (Required<Omit<AuthorizationDetail, "reason" | "expires">> & { base_url: string; expires: string })[];
};

/** [ext] The 202 answer to `Prefer: respond-async`. */
export type PendingRequest = {
  okap: "1.0";
  status: "pending";
  request_id: string;
  approval_url: string;
  poll_url: string;
  poll_secret: string;
  interval: number;
  expires_at: string;
};
