/** Transaction-state preservation by a proxy across failover, as one protocol value for the engine and the CLI. */
import type { Protocol } from "../core/protocol.ts";
import { proxyConfigFromFlat, proxyKnobs, type ProxyConfig } from "./config.ts";
import { initProxy } from "./init.ts";
import { proxyInvariants } from "./invariants.ts";
import { proxyPresets } from "./presets.ts";
import { resolveProxyEvent, stepProxy } from "./step.ts";
import type { ProxyEvent, ProxyOutput, ProxyState } from "./types.ts";
import { proxyWitnesses } from "./witnesses.ts";

export const proxyProtocol: Protocol<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput> = {
  name: "proxy",
  knobs: proxyKnobs,
  presets: proxyPresets,
  configFromFlat: proxyConfigFromFlat,
  init: initProxy,
  nowMs: (s) => s.nowMs,
  step: stepProxy,
  resolve: resolveProxyEvent,
  invariants: proxyInvariants,
  witnesses: proxyWitnesses,
};

export type { ProxyConfig } from "./config.ts";
export type * from "./types.ts";
