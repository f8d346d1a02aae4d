// Timestamps come back in UTC and in the ISO style pg parses, whatever the server, database, role
// or address sets (another DateStyle makes pg read every timestamp as null). Every connection the
// app or its commands open asks for them.
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO';

// libpq's `options` in a connection address (`?options=-c search_path=…`, or a provider's routing
// option such as Neon's `endpoint=…`) replaces pg's `options` setting: pg reads the address last.
// The settings a connection must have are therefore appended to the address's own (PostgreSQL
// applies startup options in order, so the later ones win); an address without any is kept as is.
// Only the query's text is touched, never re-serialised: addresses that the URL parser refuses and
// pg still reads (`postgresql://user@/db?host=/socket/dir`), and pg's own re-encoding of an address
// with a bare % (after which an encoded = no longer decodes), read as they did.
export function withSessionOptions(url: string): string {
  const query = url.indexOf('?');
  const fragment = url.indexOf('#');
  if (query === -1 || (fragment !== -1 && fragment < query)) return url;
  const end = fragment === -1 ? url.length : fragment;
  const params = url.slice(query + 1, end).split('&');
  // pg keeps the last of a repeated parameter.
  let last = -1;
  params.forEach((param, index) => {
    if (param.split('=', 1)[0] === 'options') last = index;
  });
  if (last === -1) return url;
  const own = params[last].slice('options='.length);
  const added = encodeURIComponent(SESSION_OPTIONS).replaceAll('%3D', '=');
  params[last] = `options=${own === '' ? '' : `${own}%20`}${added}`;
  return `${url.slice(0, query + 1)}${params.join('&')}${url.slice(end)}`;
}
