// A minimal GraphQL client for setting the scene (not for measuring: the load goes through
// autocannon). Fails loudly on any error.
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let parsed: { data?: T; errors?: unknown[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (parsed.errors?.length || !parsed.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(parsed.errors ?? text).slice(0, 600)}`);
  }
  return parsed.data;
}

export function body(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}
