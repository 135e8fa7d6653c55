/** Example queries, filled in with the user's project and the last 24 hours. */

export interface Example {
  label: string;
  query: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

export function examples(projectId: number, now: number = Date.now()): Example[] {
  const window = `project_id = ${projectId}
  AND timestamp >= toDateTime('${iso(now - 86_400_000)}')
  AND timestamp < toDateTime('${iso(now + 60_000)}')`;
  return [
    {
      label: 'Errors by level',
      query: `MATCH (events)
SELECT count() AS events BY level
WHERE ${window}
ORDER BY events DESC`,
    },
    {
      label: 'Events per hour',
      query: `MATCH (events)
SELECT count() AS events BY time
WHERE ${window}
ORDER BY time ASC
GRANULARITY 3600`,
    },
    {
      label: 'Find an event by id',
      query: `MATCH (events)
SELECT event_id, timestamp, title, level, release, user
WHERE ${window}
  AND event_id = '00000000000000000000000000000000'`,
    },
    {
      label: 'Search by tag',
      query: `MATCH (events)
SELECT event_id, timestamp, title, tags[environment] AS environment
WHERE ${window}
  AND tags[environment] = 'production'
ORDER BY timestamp DESC
LIMIT 100`,
    },
    {
      label: 'Exception type',
      query: `MATCH (events)
SELECT count() AS events, max(timestamp) AS last_seen BY exception_stacks.type
ARRAY JOIN exception_stacks.type
WHERE ${window}
ORDER BY events DESC
LIMIT 50`,
    },
    {
      label: 'Top users',
      query: `MATCH (events)
SELECT count() AS events, uniq(group_id) AS issues BY user
WHERE ${window}
  AND user IS NOT NULL
ORDER BY events DESC
LIMIT 20`,
    },
  ];
}
