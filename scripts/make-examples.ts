/** Writes the example traces under examples/ (see scripts/examples.ts). */
import { join } from "node:path";
import { writeTrace } from "../conformance/trace/file.ts";
import { EXAMPLES, exampleTrace } from "./examples.ts";

for (const x of EXAMPLES) {
  const trace = exampleTrace(x);
  writeTrace(join(import.meta.dirname, "..", "examples", x.file), trace);
  console.log(`examples/${x.file}: ${x.events.length} events under ${x.preset}, violation ${trace.violation?.invariant ?? "none"}`);
}
