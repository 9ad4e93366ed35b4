/** Placeholder until the bench functions land. */
export const benchApi = {};
