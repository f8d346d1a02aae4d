import { Logger } from '@nestjs/common';
import DataLoader from 'dataloader';
import { BatchScheduler, SAFETY_VALVE_MS, SafetyValve } from './batch-scheduler';

// A batch answer the test gives when it chooses: stands for a query still running.
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Lets every pending microtask and setImmediate run (the scheduler's turn comes after them).
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((done) => setImmediate(done));
}

// A members loader that records each batch it is asked for.
function membersOf(
  make: (batch: DataLoader.BatchLoadFn<string, string>) => DataLoader<string, string>,
) {
  const batches: string[][] = [];
  const loader = make(async (ids) => {
    batches.push([...ids]);
    return ids.map((id) => `member ${id}`);
  });
  return { loader, batches };
}

describe('BatchScheduler', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  // The agenda and the attendance of a meeting are read in parallel; whichever answers first, its
  // presenters wait for the attendees, and both go as one members query.
  it.each([
    ['the agenda answers first', ['agenda', 'attendance']],
    ['the attendance answers first', ['attendance', 'agenda']],
  ])('sends the loads of one level as one batch per kind when %s', async (_, order) => {
    const scheduler = new BatchScheduler();
    const members = membersOf((batch) => scheduler.loader(batch));
    const answers = { agenda: deferred<string[]>(), attendance: deferred<string[]>() };
    const agenda = scheduler.loader<string, string[]>(async (ids) => {
      const rows = await answers.agenda.promise;
      return ids.map(() => rows);
    });
    const attendance = scheduler.loader<string, string[]>(async (ids) => {
      const rows = await answers.attendance.promise;
      return ids.map(() => rows);
    });
    const page = Promise.all([
      agenda.load('m1').then((ids) => members.loader.loadMany(ids)),
      attendance.load('m1').then((ids) => members.loader.loadMany(ids)),
    ]);
    await settle();
    const [first, second] = order as Array<keyof typeof answers>;
    answers[first].resolve(first === 'agenda' ? ['p1', 'p2'] : ['a1']);
    await settle();
    expect(members.batches).toEqual([]); // the other batch of the level is still running
    answers[second].resolve(second === 'agenda' ? ['p1', 'p2'] : ['a1']);
    await expect(page).resolves.toEqual([['member p1', 'member p2'], ['member a1']]);
    expect(members.batches).toHaveLength(1);
    expect([...members.batches[0]].sort()).toEqual(['a1', 'p1', 'p2']);
    expect(warn).not.toHaveBeenCalled();
  });

  // What the scheduler is for: DataLoader's own dispatch splits the same page by timing.
  it('is needed: with plain DataLoaders the same page costs two members queries', async () => {
    const members = membersOf((batch) => new DataLoader(batch));
    const attendance = deferred<string[]>();
    const agenda = new DataLoader<string, string[]>(async (ids) => ids.map(() => ['p1']));
    const present = new DataLoader<string, string[]>(async (ids) => {
      const rows = await attendance.promise;
      return ids.map(() => rows);
    });
    const page = Promise.all([
      agenda.load('m1').then((ids) => members.loader.loadMany(ids)),
      present.load('m1').then((ids) => members.loader.loadMany(ids)),
    ]);
    await settle();
    attendance.resolve(['a1']);
    await page;
    expect(members.batches).toEqual([['p1'], ['a1']]);
  });

  // currentPositions reads the rosters loader: asked beside the attendance, its roster query goes
  // with the attendance query, not a level later, and nothing waits for the composite itself.
  it('sends the loads a composite loader makes with the level it was asked at', async () => {
    const scheduler = new BatchScheduler();
    const members = membersOf((batch) => scheduler.loader(batch));
    const attendance = deferred<string[]>();
    const attendanceAsked = jest.fn();
    const present = scheduler.loader<string, string[]>(async (ids) => {
      attendanceAsked();
      const rows = await attendance.promise;
      return ids.map(() => rows);
    });
    const chairs = scheduler.compositeLoader<string, string>(async (ids) =>
      (await members.loader.loadMany(ids.map((id) => `chair of ${id}`))).map((row) =>
        row instanceof Error ? row : String(row),
      ),
    );
    const page = Promise.all([
      chairs.load('t1'),
      present.load('m1').then((ids) => members.loader.loadMany(ids)),
    ]);
    await settle();
    expect(attendanceAsked).toHaveBeenCalledTimes(1);
    expect(members.batches).toEqual([['chair of t1']]);
    attendance.resolve(['a1']);
    await expect(page).resolves.toEqual(['member chair of t1', ['member a1']]);
    expect(members.batches).toEqual([['chair of t1'], ['a1']]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('goes on when a batch fails: the level it held is sent', async () => {
    const scheduler = new BatchScheduler();
    const members = membersOf((batch) => scheduler.loader(batch));
    const attendance = deferred<string[][]>();
    const present = scheduler.loader<string, string[]>(async () => attendance.promise);
    const agenda = scheduler.loader<string, string[]>(async (ids) => ids.map(() => ['p1']));
    const presenters = agenda.load('m1').then((ids) => members.loader.loadMany(ids));
    const failed = expect(present.load('m1')).rejects.toThrow('connection lost');
    await settle();
    attendance.reject(new Error('connection lost'));
    await failed;
    await expect(presenters).resolves.toEqual(['member p1']);
    expect(warn).not.toHaveBeenCalled();
  });

  describe('its safety valve', () => {
    beforeEach(() => {
      // Only the valve's timer is faked: DataLoader and the scheduler keep their real ticks.
      jest.useFakeTimers({
        doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'Date'],
      });
    });

    // A mistake the valve exists for: this batch function loads through the request's members
    // loader but was declared with loader(), so it waits on a batch that waits for it.
    it('sends the level after SAFETY_VALVE_MS when a batch waits on the batches it holds back, and says so', async () => {
      const scheduler = new BatchScheduler();
      const members = membersOf((batch) => scheduler.loader(batch));
      const chairs = scheduler.loader<string, string>(async (ids) =>
        Promise.all(ids.map((id) => members.loader.load(`chair of ${id}`))),
      );
      const before = SafetyValve.releases;
      let answer: string | undefined;
      void chairs.load('t1').then((chair) => (answer = chair));
      await settle();
      await jest.advanceTimersByTimeAsync(SAFETY_VALVE_MS - 1);
      await settle();
      expect(answer).toBeUndefined();
      expect(members.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      await settle();
      expect(answer).toBe('member chair of t1');
      expect(SafetyValve.releases).toBe(before + 1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/compositeLoader/);
    });

    // A slow batch (a loaded database) still holds its level back, so the page's statements stay
    // the same; only past the valve would the level go early.
    it('holds a level back for a batch that takes 900 ms', async () => {
      const scheduler = new BatchScheduler();
      const members = membersOf((batch) => scheduler.loader(batch));
      const attendance = deferred<string[]>();
      const present = scheduler.loader<string, string[]>(async (ids) => {
        const rows = await attendance.promise;
        return ids.map(() => rows);
      });
      const agenda = scheduler.loader<string, string[]>(async (ids) => ids.map(() => ['p1']));
      const before = SafetyValve.releases;
      const page = Promise.all([
        agenda.load('m1').then((ids) => members.loader.loadMany(ids)),
        present.load('m1').then((ids) => members.loader.loadMany(ids)),
      ]);
      await settle();
      // 900 ms: a query that slow happens on a loaded machine, and the page must not change.
      await jest.advanceTimersByTimeAsync(900);
      await settle();
      expect(members.batches).toEqual([]);
      attendance.resolve(['a1']);
      await expect(page).resolves.toEqual([['member p1'], ['member a1']]);
      expect(members.batches).toEqual([['p1', 'a1']]);
      // Its timer was cleared with the level: nothing fires later.
      await jest.advanceTimersByTimeAsync(SAFETY_VALVE_MS);
      expect(SafetyValve.releases).toBe(before);
      expect(warn).not.toHaveBeenCalled();
    });
  });
});
