/** Bad usage or bad input: the CLI prints the message as one line and exits 2. */
export class UsageError extends Error {}

/** A bad value as a one-line error quotes it: as JSON, at most 200 characters of it. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** A name as it appears in a one-line error: as typed when short and printable, else quoted. */
export function brief(name: string): string {
  return name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name) ? name : quote(name);
}
