/** The proxy's kit: the model of model/proxy with everything the tool runs it with. */
import { proxyProtocol, type ProxyConfig, type ProxyEvent, type ProxyOutput, type ProxyState } from "../../../model/proxy/index.ts";
import { proxyHistory, statementSent } from "./client-history.ts";
import { withSends } from "../../check/history/sends.ts";
import { checkProxyClientHistory, proxyBoundaries, proxyFinalEvents, proxyOutcomes, proxySettled } from "./outcomes.ts";
import { proxySpace } from "./space.ts";
import { proxyHistoryArb } from "./histories.ts";
import { proxyView } from "./view.ts";
import { ProxyEventSchema, ProxyOutputSchema } from "./schema.ts";
import type { ProtocolKit } from "../kit.ts";

const clientHistory: ProtocolKit<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput>["clientHistory"] = (run, outputs) =>
  proxyHistory(withSends(run, outputs, statementSent), run.times, run.states[0]!.sessions.length);

export const proxyKit: ProtocolKit<ProxyConfig, ProxyState, ProxyEvent, ProxyOutput> = {
  name: proxyProtocol.name,
  model: proxyProtocol,
  schemas: { events: ProxyEventSchema, outputs: ProxyOutputSchema },
  indexBounds: (c) => ({ nodes: c.nodes, sessions: c.sessions }),
  histories: proxyHistoryArb,
  space: proxySpace,
  view: proxyView,
  clientHistory,
  conform: {
    outcomes: (_events, outputs, times) => proxyOutcomes(outputs, times),
    boundaries: (run, config) => proxyBoundaries(run.states, config),
    settled: proxySettled,
    // Past the longest hold timeout the knobs allow: every held session is answered or closed.
    settleStep: { type: "TimeAdvanced", ms: 600_001 },
    finalEvents: proxyFinalEvents,
    checkClientHistory: (outputs, _times, _finalFrom, run) => checkProxyClientHistory(clientHistory(run, outputs), outputs),
  },
};
