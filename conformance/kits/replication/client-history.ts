/**
 * A replication run as a Jepsen-style client history: each commit is an insert of its row id
 * into table "t" (invoke when issued, ok / fail / info when its client is answered), each read
 * a read of the ids a node shows. Reads listed in `finalNodes`, after the last step, are marked
 * final: they say what survived. The history sees only what clients saw, as a real server's would.
 */
import type { ReplOutput } from "../../../model/replication/index.ts";
import { nodeName } from "../../../model/core/ids.ts";
import type { History, Op } from "../../check/history/types.ts";

const TABLE = "t";

export function replicationHistory(outputs: readonly (readonly ReplOutput[])[], times: readonly number[], finalFrom = Number.POSITIVE_INFINITY): History {
  const ops: Op[] = [];
  const processOf = new Map<number, number>();
  let readers = 0;
  outputs.forEach((step, i) => {
    const time = times[i] ?? i;
    for (const o of step) {
      if (o.type === "CommitIssued") {
        processOf.set(o.id, processOf.size);
        ops.push({ process: processOf.get(o.id)!, type: "invoke", f: "insert", key: TABLE, value: o.id, time, node: nodeName(o.node) });
      }
      if (o.type === "CommitReplied") {
        const process = processOf.get(o.id);
        if (process === undefined) continue; // refused before it was issued: no invoke, nothing to say
        const type = o.outcome === "ok" ? "ok" : o.outcome === "error" ? "fail" : "info";
        ops.push({ process, type, f: "insert", key: TABLE, value: o.id, time, node: nodeName(o.node) });
      }
      if (o.type === "ReadReplied" && o.ids !== null) {
        const process = 1_000_000 + readers++;
        const final = i >= finalFrom;
        ops.push({ process, type: "invoke", f: "read", key: TABLE, value: null, time, node: nodeName(o.node), ...(final ? { final } : {}) });
        ops.push({ process, type: "ok", f: "read", key: TABLE, value: o.ids, time, node: nodeName(o.node), ...(final ? { final } : {}) });
      }
    }
  });
  return ops;
}
