/**
 * A review option the run cannot follow (a bad git ref, an unreadable baseline): the caller's
 * mistake, which the engine reports as a usage error.
 */
export class ReviewError extends Error {}
