export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: string[];
    extensions?: Record<string, unknown> & { code?: string };
  }>;
  raw: string;
}

// A plain HTTP client for the API under test: what a real client sends, nothing more. renewToken:
// the access token to send for the one given (a client renews its access token as it goes).
export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly renewToken: (token: string) => string = (token) => token,
  ) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${this.renewToken(token)}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.text();
    let parsed: { data?: T | null; errors?: GraphQLResponse['errors'] } = {};
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      // not JSON: leave data/errors undefined, the raw body tells
    }
    return {
      status: response.status,
      headers: response.headers,
      data: parsed.data,
      errors: parsed.errors,
      raw,
    };
  }

  // For tests that expect success: fails with the errors when there are any.
  async ok<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<T> {
    const response = await this.request<T>(query, variables, token);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response.raw)}`);
    }
    return response.data;
  }

  // For tests that expect a refusal: returns the first error's code (and the whole error).
  async error(query: string, variables?: Record<string, unknown>, token?: string) {
    const response = await this.request(query, variables, token);
    const error = response.errors?.[0];
    if (!error) throw new Error(`expected an error, got ${response.raw}`);
    return { code: error.extensions?.code, reason: error.extensions?.reason, error, response };
  }
}
