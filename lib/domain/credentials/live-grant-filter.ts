/** The grants that still allow something (active or paused): what "in use" means for a credential. */
export const LIVE_GRANT: { status: { in: string[] } } = { status: { in: ["active", "paused"] } };
