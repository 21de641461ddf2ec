/** What the Zalo OA job's counters mean, in Vietnamese (the jobs page). */
export const ZALO_COUNTER_LABELS: Readonly<Record<string, string>> = {};
