/** The proxy's kit: the model of model/proxy with everything the tool runs it with. */
import { proxyProtocol, type ProxyConfig, type ProxyEvent, type ProxyOutput, type ProxyState } from "../../model/proxy/index.ts";
import { proxyHistory, statementSent } from "../check/history/from-proxy.ts";
import { withSends } from "../check/history/sends.ts";
import { proxySpace } from "../explore/proxy-space.ts";
import { proxyHistoryArb } from "../histories/proxy.ts";
import { proxyView } from "../trace/timeline/proxy.ts";
import { ProxyEventSchema, ProxyOutputSchema } from "../trace/proxy-schema.ts";
import type { ProtocolKit } from "./kit.ts";

export const proxyKit: ProtocolKit<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput> = {
  name: proxyProtocol.name,
  model: proxyProtocol,
  schemas: { events: ProxyEventSchema, outputs: ProxyOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: c.sessions }),
  histories: proxyHistoryArb,
  space: proxySpace,
  view: proxyView,
  clientHistory: (run, outputs) => proxyHistory(withSends(run, outputs, statementSent), run.times, run.states[0]!.sessions.length),
  // No adapter drives a real proxy yet: `conform` refuses the protocol rather than compare nothing.
  conform: null,
};
