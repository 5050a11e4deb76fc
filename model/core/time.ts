/**
 * Time units shared by every protocol and by what reads their runs. True time is in model
 * milliseconds; a node's local clock counts nanoseconds so that drift (in ppm) stays integral.
 */

/** Nanoseconds of local clock per millisecond. */
export const NS_PER_MS = 1_000_000;
