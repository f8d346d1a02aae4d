import { parse } from 'pg-connection-string';
import { SESSION_OPTIONS, withSessionOptions } from './connection-options';

// pg takes the address's `options` over its own `options` setting: what parse() reads from the
// rewritten address is what the session gets.
function connectsWith(url: string) {
  const { host, port, user, password, database, options } = parse(withSessionOptions(url));
  return { host, port, user, password, database, options };
}

describe('withSessionOptions: UTC and ISO after the options an address carries', () => {
  it('keeps them on a Unix-socket address that names its user (an empty host after the @)', () => {
    expect(
      connectsWith(
        'postgresql://council@/council?host=/var/run/postgresql&options=-c%20search_path%3Dcouncil',
      ),
    ).toMatchObject({
      host: '/var/run/postgresql',
      user: 'council',
      database: 'council',
      options: `-c search_path=council ${SESSION_OPTIONS}`,
    });
    expect(
      connectsWith(
        'socket://council:secret@/var/run/postgresql?db=council&options=-c%20search_path%3Dcouncil',
      ),
    ).toMatchObject({
      host: '/var/run/postgresql',
      password: 'secret',
      database: 'council',
      options: `-c search_path=council ${SESSION_OPTIONS}`,
    });
  });

  it('appends to the options pg reads when the address repeats them (the last)', () => {
    expect(
      connectsWith(
        'postgres://db.example/council?options=-c%20search_path%3Dold&options=-c%20search_path%3Dcouncil',
      ).options,
    ).toBe(`-c search_path=council ${SESSION_OPTIONS}`);
  });

  it('leaves options that connected before as pg read them, with a % in the password', () => {
    // pg re-encodes such an address (encodeURI), after which an encoded = is read as "%3D".
    expect(
      connectsWith('postgres://council:50%off@db.example/council?options=-c%20search_path=council'),
    ).toMatchObject({
      password: '50%off',
      options: `-c search_path=council ${SESSION_OPTIONS}`,
    });
  });

  it('keeps every other part of the address as pg reads it', () => {
    for (const url of [
      'postgres://u:p%40ss%20w!rd@db.example:5433/my%20db?sslmode=disable&options=-c+search_path%3Dx',
      'postgres:///council?host=/var/run/postgresql&options=',
      'postgres://%2Fvar%2Frun%2Fpostgresql/council?options=-c%20search_path%3Dx',
      'postgres://[::1]:5432/council?application_name=a+b&options=-c%20search_path%3Dx',
    ]) {
      const { options, ...rest } = connectsWith(url);
      const { host, port, user, password, database } = parse(url);
      expect(rest).toEqual({ host, port, user, password, database });
      expect(options).toMatch(new RegExp(`(^| )${SESSION_OPTIONS}$`));
    }
  });

  it('leaves an address without options as it is', () => {
    for (const url of [
      'postgres://council@db.example/council',
      'postgres://council@db.example/council?sslmode=require',
      '/var/run/postgresql council',
    ]) {
      expect(withSessionOptions(url)).toBe(url);
    }
  });
});
