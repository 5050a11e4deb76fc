/** The trace exports from the library entry point: what a user's own test file imports from "haspec". */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTimeline, historyOfTrace, itfToStates, jepsenJson, loadTrace, renderHtml, traceToItf, validateItf } from "../../conformance/lib.ts";

describe("the library's trace exports", () => {
  it("a golden trace goes to ITF and back, to a Jepsen history and to a page", () => {
    loadTrace(join(import.meta.dirname, "../../catalogue/golden/R2.json")).use((kit, trace) => {
      const itf = JSON.parse(JSON.stringify(traceToItf(kit.model, trace)));
      expect(validateItf(itf)).toEqual({ ok: true });
      expect(itfToStates(itf).events).toEqual(trace.events.slice(0, trace.violation!.step + 1));
      const history = JSON.parse(jepsenJson(historyOfTrace(kit, trace))) as { type: string }[];
      expect(history.map((o) => o.type)).toEqual(["invoke", "ok"]);
      expect(renderHtml(buildTimeline(kit, trace))).toContain('data-violation="NoAckedLoss"');
    });
  });
});
