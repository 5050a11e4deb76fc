/**
 * Tests that the proxy reducer is total and deterministic on generated histories for every
 * preset, that resolved events replay to the same run, and that what the client sees is coherent:
 * a closed session stays closed and every statement is answered at most once.
 */
import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { expectDeterministic, expectResolvedReplay, fold as foldWith, presetAndHistory as presetAndHistoryOf } from "../fold.ts";
import type { ProxyConfig, ProxyEvent } from "../../model/proxy/index.ts";
import { kits } from "../../conformance/kits/index.ts";
import { P, proxyConfig } from "./helpers.ts";

const presetNames = P.presets.map((p) => p.name);
const configs = new Map(presetNames.map((name) => [name, proxyConfig(name, { "env.lostCommits": true })]));

const presetAndHistory = presetAndHistoryOf(kits.proxy, configs, 60);


const fold = (config: ProxyConfig, events: readonly ProxyEvent[]) => foldWith(P, config, events);

const params = { numRuns: 400, seed: 7, endOnFailure: true };

describe("proxy: the reducer is total and deterministic", () => {
  test.prop([presetAndHistory], params)("any history of any preset folds without throwing, twice to byte-identical results", ({ config, events }) => {
    expectDeterministic((h) => fold(config, h), events, expect);
  });

  test.prop([presetAndHistory, fc.nat({ max: 1000 })], params)(
    "sessions and nodes are named modulo their count: shifting every index by a multiple of the count changes nothing",
    ({ config, events }, k) => {
      const wild = events.map((e) => ("session" in e ? { ...e, session: e.session + k * config.sessions } : e.type === "FailoverDone" ? { ...e, node: e.node + k * config.nodes } : e));
      expect(JSON.stringify(fold(config, wild).outputs)).toBe(JSON.stringify(fold(config, events).outputs));
    },
  );

  test.prop([presetAndHistory], params)("resolved events replay to the same run, and resolve again to themselves", ({ config, events }) => {
    expectResolvedReplay((h) => fold(config, h), events, expect);
  });
});

describe("proxy: what the client sees is coherent", () => {
  test.prop([presetAndHistory], params)("a closed session never reopens and is never named again", ({ config, events }) => {
    const { states, outputs } = fold(config, events);
    const closedAt = new Map<number, number>();
    outputs.forEach((step, k) => {
      for (const o of step) {
        if (!("session" in o)) continue;
        expect(closedAt.has(o.session), `${o.type} for s${o.session + 1} at step ${k}, closed at step ${closedAt.get(o.session)}`).toBe(false);
      }
      for (const o of step) if (o.type === "SessionClosed") closedAt.set(o.session, k);
      states[k]!.sessions.forEach((x, i) => { if (!x.open) expect(states[k + 1]!.sessions[i]!.open).toBe(false); });
      // A session is closed exactly when its SessionClosed output says so.
      states[k + 1]!.sessions.forEach((x, i) => expect(x.open).toBe(!closedAt.has(i)));
    });
  });

  test.prop([presetAndHistory], params)("every statement is answered at most once, and streams part of its result at most once before that", ({ config, events }) => {
    const { outputs } = fold(config, events);
    const [answered, streamed] = [new Set<number>(), new Set<number>()];
    for (const o of outputs.flat()) {
      if (o.type === "PartialResult") {
        expect(streamed.has(o.stmt.id) || answered.has(o.stmt.id), `statement #${o.stmt.id} streamed twice or after its reply`).toBe(false);
        streamed.add(o.stmt.id);
      }
      if (o.type !== "Replied") continue;
      expect(answered.has(o.stmt.id), `statement #${o.stmt.id} answered twice`).toBe(false);
      answered.add(o.stmt.id);
    }
  });

  test.prop([presetAndHistory], params)("time, epochs and statement ids never go backwards", ({ config, events }) => {
    const { states } = fold(config, events);
    for (const [k, s] of states.slice(1).entries()) {
      const before = states[k]!;
      expect(s.nowMs).toBeGreaterThanOrEqual(before.nowMs);
      expect(s.latestEpoch).toBeGreaterThanOrEqual(before.latestEpoch);
      expect(s.nextStmt).toBeGreaterThanOrEqual(before.nextStmt);
    }
  });
});
