/**
 * Ctrl-C during a search: the first stops it as the time limit would (no new run starts) so that
 * the command can say how far it got; a second one exits at once, as Node would have.
 */
export interface Interrupt {
  /** Shared memory: the search's stop flag, seen by its worker threads too. */
  readonly flag: Int32Array;
  readonly happened: () => boolean;
  /** Puts Node's own handling of SIGINT back. */
  readonly dispose: () => void;
}

export const INTERRUPTED_STATUS = 130;

export function watchInterrupt(): Interrupt {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const again = (): never => process.exit(INTERRUPTED_STATUS);
  const first = (): void => {
    Atomics.store(flag, 0, 1);
    process.once("SIGINT", again);
  };
  process.once("SIGINT", first);
  return {
    flag,
    happened: () => Atomics.load(flag, 0) !== 0,
    dispose: () => {
      process.removeListener("SIGINT", first);
      process.removeListener("SIGINT", again);
    },
  };
}
