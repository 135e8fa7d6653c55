/** Files of the data dir that belong to the pipeline. */
export const EVENT_INDEX_FILE = 'events.duckdb';
