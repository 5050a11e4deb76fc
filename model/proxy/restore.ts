/** What a reconnect gives a session back: its variables, temporary tables and prepared statements (research §4.1, §4.2). */
import type { ProxyConfig } from "./config.ts";
import { DEFAULT_VARS, type SessVars } from "./types.ts";

export function restoredVars(c: ProxyConfig, client: SessVars): SessVars {
  switch (c.sessionRestore) {
    case "full": return client;
    // MaxScale's session command history re-runs SET and PREPARE; CREATE TEMPORARY TABLE is not in it.
    case "sescmd": return { ...client, tmp: [] };
    case "none": return DEFAULT_VARS;
  }
}

/** Whether a reconnect can give the session back everything it had. */
export function restorable(c: ProxyConfig, client: SessVars): boolean {
  const r = restoredVars(c, client);
  return r.vars === client.vars && r.tmp.length === client.tmp.length && r.prepared.length === client.prepared.length;
}
