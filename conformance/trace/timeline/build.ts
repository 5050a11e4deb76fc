/**
 * A trace as a `Timeline`: the events replayed through the model, each step read through the
 * protocol's view, up to the step the trace shows (see `lastShownStep`), with what a real system
 * did beside what the model did for a conformance trace.
 */
import type { Invariant } from "../../../model/core/protocol.ts";
import { steps } from "../../../model/core/run.ts";
import type { Ev, ProtocolKit } from "../../kits/kit.ts";
import { lastShownStep, type Trace } from "../schema.ts";
import type { Active, TimelineView } from "./view.ts";
import type { Finding, Mark, Row, Span, Timeline } from "./types.ts";
export function buildTimeline<C, S, E extends Ev, O>(kit: ProtocolKit<C, S, E, O>, trace: Trace<E, O>): Timeline {
  const { model: protocol, view } = kit;
  const config = protocol.configFromFlat(trace.config);
  const init = protocol.init(config);
  const lanes = view.lanes(init);
  const rows: Row[] = [];
  const spans = new SpanTracker();
  spans.observe(view.active(init), -1, view.nowMs(init));
  const seen: O[] = [];
  for (const { step: i, event, before, after, outputs } of steps(protocol, config, trace.events.slice(0, lastShownStep(trace) + 1), init)) {
    seen.push(...outputs);
    const now = view.nowMs(after);
    const changed = spans.observe(view.active(after), i, now, after, outputs);
    const effects = words(view, outputs, after);
    const observed = trace.observed === undefined ? undefined : words(view, trace.observed[i] ?? [], after);
    const marks = marksAt(trace, i);
    const quiet = event.type === "TimeAdvanced" && effects.length === 0 && (observed?.length ?? 0) === 0 && marks.length === 0 && !changed && view.quietKey(after) === view.quietKey(before);
    rows.push({
      step: i, timeMs: now, event: view.describeEvent(event, before), eventType: event.type, eventLane: view.eventLane(event, before),
      cells: view.cells(after), clocks: view.clocks(after), effects, ...(observed === undefined ? {} : { observed }), quiet, marks,
    });
  }
  return {
    protocol: protocol.name, preset: trace.preset, seed: trace.seed, config: trace.config,
    ...(trace.adapter === undefined ? {} : { adapter: trace.adapter }),
    lanes, rows, spans: spans.finish(), ...findings(protocol, trace),
    summary: view.summary?.(seen) ?? [], legend: view.legend,
  };
}

/** The outputs in words; in the cluster several parts report one fault, which a person needs to read once. */
function words<S, E, O>(view: TimelineView<S, E, O>, outputs: readonly O[], s: S): Row["effects"] {
  const effects = outputs.map((o) => view.effect(o, s)).filter((e): e is NonNullable<typeof e> => e !== null);
  return effects.filter((e, i) => effects.findIndex((x) => x.lane === e.lane && x.text === e.text) === i);
}

function marksAt<E, O>(trace: Trace<E, O>, i: number): Mark[] {
  const marks: Mark[] = [];
  if (trace.violation?.step === i) marks.push("violation");
  if (trace.observedViolation?.step === i) marks.push("observed-violation");
  if (trace.divergence?.step === i) marks.push("divergence");
  return marks;
}

function findings<C, S, E, O>(protocol: { readonly invariants: readonly Invariant<C, S, E, O>[] }, trace: Trace<E, O>): Pick<Timeline, "violation" | "observedViolation" | "divergence"> {
  const violated = (v: NonNullable<Trace["violation"]>): Finding => {
    const inv = protocol.invariants.find((x) => x.name === v.invariant);
    return { step: v.step, message: v.message, invariant: v.invariant, ...(inv ? { statement: inv.statement, citation: inv.citation } : {}) };
  };
  return {
    violation: trace.violation === null ? null : violated(trace.violation),
    observedViolation: trace.observedViolation ? violated(trace.observedViolation) : null,
    divergence: trace.divergence ? { step: trace.divergence.step, message: trace.divergence.message } : null,
  };
}

/** Turns the active items of successive states into spans: a key's first and last state. */
class SpanTracker {
  private readonly open = new Map<string, { a: Active; fromStep: number; fromMs: number }>();
  private readonly done: Span[] = [];

  /** Records the items active after `step`; true when any span began or ended there. */
  observe(items: readonly Active[], step: number, nowMs: number, after?: unknown, outputs: readonly unknown[] = []): boolean {
    let changed = false;
    const keys = new Set(items.map((a) => a.key));
    for (const [key, o] of this.open) {
      if (keys.has(key)) continue;
      this.done.push(span(o, step, nowMs, o.a.toLane === undefined ? undefined : o.a.landsIf === undefined || o.a.landsIf(after, outputs)));
      this.open.delete(key);
      changed = true;
    }
    for (const a of items) {
      if (this.open.has(a.key)) continue;
      this.open.set(a.key, { a, fromStep: step, fromMs: nowMs });
      changed = true;
    }
    return changed;
  }

  finish(): Span[] {
    const all = [...this.done, ...[...this.open.values()].map((o) => span(o, null, null))];
    return all.sort((x, y) => x.fromStep - y.fromStep || x.lane - y.lane);
  }
}

function span(o: { a: Active; fromStep: number; fromMs: number }, toStep: number | null, toMs: number | null, landed?: boolean): Span {
  const message = o.a.toLane === undefined ? {} : { toLane: o.a.toLane, ...(landed === undefined ? {} : { landed }) };
  return { kind: o.a.kind, lane: o.a.lane, ...message, label: o.a.label, fromStep: o.fromStep, toStep, fromMs: o.fromMs, toMs };
}
