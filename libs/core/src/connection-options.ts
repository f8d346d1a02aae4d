// Timestamps come back in UTC and in the ISO style pg parses, whatever the server, database, role
// or address sets (another DateStyle makes pg read every timestamp as null). Every connection the
// app or its commands open asks for them.
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO';

// libpq's `options` in a connection address (`?options=-c search_path=…`, or a provider's routing
// option such as Neon's `endpoint=…`) replaces pg's `options` setting: pg reads the address last.
// The settings a connection must have are therefore appended to the address's own (PostgreSQL
// applies startup options in order, so the later ones win); an address without any is kept as is.
export function withSessionOptions(url: string, sessionOptions: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  if (own === null) return url;
  parsed.searchParams.set('options', `${own} ${sessionOptions}`.trim());
  return parsed.toString();
}
