// The shapes of the control API's bodies, as mock/control.yaml describes them.

/** The whole state of a fake org, in the shape of fixture files (JSON or YAML). */
export interface Fixture {
  org?: FixtureOrg;
  teams?: Team[];
  users?: User[];
  tokens?: Token[];
  sessions?: Session[];
}

/** The Enterprise Grid org; a team_id equal to its id names every team. */
export interface FixtureOrg {
  /** Such as E0DEMO001. */
  id: string;
  name?: string;
  /** The org's enterprise.slack.com subdomain, for auth.test's url of an org-wide install's token; defaults to the id in lower case. */
  domain?: string;
}

/** A workspace of the org. */
export interface Team {
  /** Such as T0DEMO001. */
  id: string;
  name?: string;
  /** The team's slack.com subdomain, for auth.test's url; defaults to the id in lower case. */
  domain?: string;
}

/** A person or bot of the org. */
export interface User {
  /** Such as W0BOB0001. */
  id: string;
  /** The user's home workspace. */
  team_id: string;
  /** Org admins, owners and the primary owner may call the admin methods; member by default. */
  role?: 'member' | 'admin' | 'owner' | 'primary_owner' | 'bot';
  name?: string;
  /** A deleted user's tokens answer account_inactive. */
  deleted?: boolean;
  session_settings?: SessionSettings;
}

/** A user's own session settings, as admin.users.session.setSettings sets them. */
export interface SessionSettings {
  /** How long a session lasts, in seconds (28800 to 315569520). */
  duration?: number;
  /** Quitting the desktop app or browser ends the session. */
  desktop_app_browser_quit?: boolean;
}

/** A token the mock accepts, and whose it is. */
export interface Token {
  /** Such as xoxp-demo-admin. */
  token: string;
  user_id: string;
  /** Defaults from the prefix: xoxp- is user, xoxb- is bot. */
  type?: 'user' | 'bot';
  /** Such as ['admin.users:write']; none when left out (GET /_mock/fixture always lists them). */
  scopes?: string[];
  revoked?: boolean;
  expired?: boolean;
  /** For a bot token, the bot's id auth.test answers. */
  bot_id?: string;
  /** The token of an app installed org-wide (as the admin scopes require): auth.test then names the org as its team. Needs the fixture's org. */
  enterprise_install?: boolean;
}

/** A live session of a user in a team. */
export interface Session {
  /** Such as 1112275520242: real ids are past 2^31, still exact as a JavaScript number. */
  session_id: number;
  user_id: string;
  team_id: string;
  /** What reset's mobile_only and web_only choose between. */
  client: 'mobile' | 'web';
  /** RFC 3339. */
  created_at?: string;
  created?: Device;
  recent?: Device;
}

/** The client of a session, as admin.users.session.list reports it. */
export interface Device {
  device_hardware?: string;
  os?: string;
  os_version?: string;
  slack_client_version?: string;
  ip?: string;
}

/** One call under /api/ in the mock's journal, to a Slack method or not. */
export interface Call {
  /** Numbers the calls in the order they were recorded, from 1. */
  seq: number;
  /** RFC 3339. */
  time: string;
  /** Such as admin.users.session.reset; `[redacted]` when the path is not shaped like a method. */
  method: string;
  /** GET, POST, or what the client sent. */
  http_method: string;
  /** As the client sent it. */
  content_type: string;
  /** Where the token came from; empty when none was read. Never the token. */
  token_from: 'header' | 'form' | '';
  /** The arguments as sent: strings from a query string or form, JSON values from JSON. */
  args: Record<string, unknown>;
  /** The HTTP status of the answer. */
  status: number;
  /** The answer's error code; absent when ok. */
  error?: string;
  /** True when an injected fault made the answer. */
  fault?: boolean;
  /** The X-Slack-Req-Id of the answer. */
  request_id: string;
}

/**
 * Makes matching calls answer a Slack error (status 200), a 429 with a Retry-After, an HTTP
 * 5xx, or the normal answer after a delay; or, with `job`, makes the job of
 * admin.users.session.resetBulk fail for the users it matches. Absent filters match every call.
 */
export interface Fault {
  /** Only calls of this Slack method, such as admin.users.session.reset. */
  method?: string;
  /** Only calls about this user. */
  user_id?: string;
  /** Only calls about this team. */
  team_id?: string;
  /** Only calls made with this token. */
  token?: string;
  /** 200 (with error), 429, or 500 to 599; absent means 200 when error is set, else a delay only. */
  status?: number;
  /** The Slack error code; ratelimited for 429 and internal_error for 5xx by default. */
  error?: string;
  /** Seconds, for a 429; absent or 0 means 1. */
  retry_after?: number;
  /** Delay the answer by this many milliseconds (at most 60000). */
  delay_ms?: number;
  /** How many calls it answers before it goes away; absent or 0 means every call. */
  times?: number;
  /** Fail resetBulk's job for the users the fault matches, instead of the call. */
  job?: boolean;
}

/** A fault in force, as GET /_mock/faults lists it (its token redacted). */
export interface FaultInForce extends Fault {
  id: number;
  /** Calls it still answers; 0 means every call. */
  left: number;
}

/** A limit for every method (per_minute and burst), or each method's Slack tier (tiers). */
export type RateLimit = { per_minute: number; burst?: number } | { tiers: true };

/** The work one call of an asynchronous method (admin.users.session.resetBulk) queued. */
export interface Job {
  id: number;
  method: string;
  /** The X-Slack-Req-Id of the call that queued it. */
  request_id: string;
  user_ids: string[];
  /** Only these sessions end; absent for every session. */
  only?: 'mobile' | 'web';
  done: boolean;
  /** failed_for_some_users when the job failed for some of its users. */
  error?: string;
  /** What the job did for each user, once done; empty before. */
  results: JobResult[];
  /** The seq of the last call in the journal when the job ran (0 before it ran). */
  after_seq: number;
}

/** What a job did for one user. */
export interface JobResult {
  user_id: string;
  /** How many of the user's sessions ended. */
  ended: number;
  /** Why none did, such as user_session_reset_failed. */
  error?: string;
}

/** An org of the mock, as GET /_mock/orgs lists it. */
export interface OrgInfo {
  id: string;
  api_url: string;
  control_url: string;
  /** RFC 3339. */
  created_at: string;
  /** RFC 3339; only for an org made with a time to live. */
  expires_at?: string;
}
