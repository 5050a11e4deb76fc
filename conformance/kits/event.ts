/**
 * What every protocol's event is at least: a tagged object. Its own file so that the engines the
 * kit's types name (check/run.ts, conform/fold.ts) can use it without importing the kit back.
 */
export type Ev = { readonly type: string };
