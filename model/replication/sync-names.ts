/**
 * `synchronous_standby_names`, read as PostgreSQL reads it: the grammar of
 * src/backend/replication/syncrep_gram.y over the tokens of syncrep_scanner.l, and the checks of
 * `check_synchronous_standby_names` (syncrep.c). One pass over the text and one over its tokens,
 * so no input can make it slow (a regular expression used before took 45 s on 3,000 spaces).
 *
 *   standby_config: standby_list                      FIRST 1 of the list (the pre-9.6 form)
 *                 | NUM '(' standby_list ')'           FIRST NUM
 *                 | ANY NUM '(' standby_list ')'       quorum: any NUM of them
 *                 | FIRST NUM '(' standby_list ')'     priority: the NUM listed earliest
 *   standby_list:   standby_name (',' standby_name)*
 *   standby_name:   NAME | NUM                          NAME: identifier, "double-quoted" or *
 *
 * The empty string means no synchronous standby (commits do not wait); anything else must parse.
 * https://www.postgresql.org/docs/15/runtime-config-replication.html#GUC-SYNCHRONOUS-STANDBY-NAMES
 */
import { assert } from "../core/assert.ts";

/** Which standbys a commit waits for. */
export type SyncStandbys =
  /** '': synchronous replication is off; commits do not wait. */
  | { readonly method: "none" }
  /** FIRST k: the k connected standbys listed earliest; ANY k: any k of those listed. */
  | { readonly method: "FIRST" | "ANY"; readonly k: number; readonly names: readonly string[] };

export type SyncNamesParse = { readonly ok: true; readonly value: SyncStandbys } | { readonly ok: false; readonly error: string };

type Token =
  | { readonly t: "name" | "num"; readonly text: string; readonly at: number }
  | { readonly t: "any" | "first" | "(" | ")" | "," | "end"; readonly text: string; readonly at: number };

/** A token as an error message shows it: short, so that the message stays one short line. */
function shown(tok: Token): string {
  if (tok.t === "end") return "the end";
  const text = tok.text.length <= 40 ? tok.text : `${tok.text.slice(0, 40)}…`;
  return `${JSON.stringify(text)} at character ${tok.at + 1}`;
}

const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
const isDigit = (c: string): boolean => c >= "0" && c <= "9";
// syncrep_scanner.l: ident_start [A-Za-z\200-\377_], ident_cont adds [0-9$]; bytes ≥ 0x80 are
// the UTF-8 of any non-ASCII character, which here is one UTF-16 unit or two.
const isIdentStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c.charCodeAt(0) >= 0x80;
const isIdentCont = (c: string): boolean => isIdentStart(c) || isDigit(c) || c === "$";

/** The tokens of the text, or why it has none: an unterminated quote or a character no token takes. */
function tokens(text: string): { readonly ok: true; readonly tokens: readonly Token[] } | { readonly ok: false; readonly error: string } {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const at = i;
    if (isSpace(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      out.push({ t: c, text: c, at });
      i++;
    } else if (c === "*") {
      out.push({ t: "name", text: "*", at });
      i++;
    } else if (c === '"') {
      // A double-quoted name; "" inside stands for one ".
      let name = "";
      i++;
      for (;;) {
        if (i >= text.length) return { ok: false, error: `unterminated quoted name starting at character ${at + 1}` };
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i];
        i++;
      }
      out.push({ t: "name", text: name, at });
    } else if (isDigit(c)) {
      while (i < text.length && isDigit(text[i]!)) i++;
      out.push({ t: "num", text: text.slice(at, i), at });
    } else if (isIdentStart(c)) {
      while (i < text.length && isIdentCont(text[i]!)) i++;
      const word = text.slice(at, i);
      // Keywords are matched case-insensitively and only as whole words: `anyone` is a name.
      const lower = word.toLowerCase();
      out.push(lower === "any" || lower === "first" ? { t: lower, text: word, at } : { t: "name", text: word, at });
    } else {
      return { ok: false, error: `unexpected ${JSON.stringify(c)} at character ${at + 1}` };
    }
  }
  out.push({ t: "end", text: "", at: text.length });
  return { ok: true, tokens: out };
}

class ParseFailure extends Error {}

/** Parses the setting's text. Only the empty string means "none"; blank text is an error, as in PostgreSQL. */
export function parseSyncStandbyNames(text: string): SyncNamesParse {
  if (text === "") return { ok: true, value: { method: "none" } };
  const lexed = tokens(text);
  if (!lexed.ok) return lexed;
  const toks = lexed.tokens;
  let pos = 0;
  const peek = (ahead = 0): Token => toks[Math.min(pos + ahead, toks.length - 1)]!;
  const next = (): Token => {
    const tok = peek();
    if (pos < toks.length - 1) pos++;
    return tok;
  };
  const expect = (t: Token["t"], what: string, open?: Token): Token => {
    const tok = next();
    if (tok.t === t) return tok;
    if (t === ")" && tok.t === "end" && open !== undefined) throw new ParseFailure(`unbalanced parenthesis: the "(" at character ${open.at + 1} is never closed`);
    throw new ParseFailure(`expected ${what}, found ${shown(tok)}`);
  };
  const list = (): string[] => {
    const names: string[] = [];
    for (;;) {
      const tok = next();
      if (tok.t !== "name" && tok.t !== "num") {
        const hint = tok.t === "any" || tok.t === "first" ? ` (a standby named ${tok.text} must be double-quoted)` : "";
        throw new ParseFailure(`expected a standby name, found ${shown(tok)}${hint}`);
      }
      names.push(tok.text);
      if (peek().t !== ",") return names;
      next();
    }
  };
  const counted = (method: "FIRST" | "ANY"): SyncStandbys => {
    const num = expect("num", `the number of synchronous standbys after ${method}`);
    const open = expect("(", `"(" after the number of synchronous standbys`);
    const names = list();
    expect(")", `"," or ")"`, open);
    // syncrep.c: "number of synchronous standbys (%d) must be greater than zero".
    const k = Number(num.text);
    if (k <= 0) throw new ParseFailure(`number of synchronous standbys (${num.text}) must be greater than zero`);
    if (!Number.isSafeInteger(k) || k > 2_147_483_647) throw new ParseFailure(`number of synchronous standbys (${shown(num)}) is too large`);
    return { method, k, names };
  };
  try {
    const first = peek();
    let value: SyncStandbys;
    if (first.t === "any" || first.t === "first") {
      next();
      value = counted(first.t === "any" ? "ANY" : "FIRST");
    } else if (first.t === "num" && peek(1).t === "(") {
      value = counted("FIRST");
    } else {
      value = { method: "FIRST", k: 1, names: list() };
    }
    const rest = next();
    if (rest.t === ")") throw new ParseFailure(`unbalanced parenthesis: the ")" at character ${rest.at + 1} closes nothing`);
    if (rest.t !== "end") throw new ParseFailure(`expected "," or the end, found ${shown(rest)}`);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.message };
    throw e;
  }
}

/** Why the text is not a valid setting, or null: the knob's check. */
export function syncStandbyNamesProblem(text: string): string | null {
  const r = parseSyncStandbyNames(text);
  return r.ok ? null : r.error;
}

const validated = new Map<string, SyncStandbys>();

/** The meaning of a text already validated as the knob's value (a node's copy of it): total. */
export function syncStandbysOf(text: string): SyncStandbys {
  const known = validated.get(text);
  if (known !== undefined) return known;
  const r = parseSyncStandbyNames(text);
  assert(r.ok, `synchronous_standby_names ${JSON.stringify(text.slice(0, 200))} was not validated`);
  if (validated.size < 64) validated.set(text, r.value);
  return r.value;
}

/**
 * A standby's priority under the setting: the 1-based position of the first entry naming it (or
 * `*`), 0 when none does. Names match application names case-insensitively, quoted or not
 * (syncrep.c SyncRepGetStandbyPriority uses pg_strcasecmp; the docs say so of standby_name).
 */
export function standbyPriority(s: SyncStandbys, applicationName: string): number {
  if (s.method === "none") return 0;
  const app = asciiLower(applicationName);
  const i = s.names.findIndex((n) => n === "*" || asciiLower(n) === app);
  return i + 1;
}

/** pg_strcasecmp folds ASCII letters only. */
const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
