/** The trace exports from the library entry point: what a user's own test file imports from "haspec". */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTimeline, findProtocol, historyOfTrace, itfToStates, jepsenJson, readTrace, renderHtml, traceToItf, validateItf } from "../../conformance/lib.ts";

describe("the library's trace exports", () => {
  it("a golden trace goes to ITF and back, to a Jepsen history and to a page", () => {
    const trace = readTrace(join(import.meta.dirname, "../catalogue/golden/R2.json"));
    const protocol = findProtocol(trace.protocol).protocol;
    const itf = JSON.parse(JSON.stringify(traceToItf(protocol, trace)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itfToStates(itf).events).toEqual(trace.events.slice(0, trace.violation!.step + 1));
    const history = JSON.parse(jepsenJson(historyOfTrace(protocol, trace))) as { type: string }[];
    expect(history.map((o) => o.type)).toEqual(["invoke", "ok"]);
    expect(renderHtml(buildTimeline(protocol, trace))).toContain('data-violation="NoAckedLoss"');
  });
});
