// One injectable source of time, so tests can stand at any instant (e.g. 30 June 23:59:59 in
// Moscow) without touching the system clock.
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

// Follows the real clock until a test pins it with set(); advance() moves a pinned clock.
export class ManualClock extends Clock {
  private pinned: Date | null;

  constructor(start?: Date | string) {
    super();
    this.pinned = start === undefined ? null : new Date(start);
  }

  now(): Date {
    return this.pinned ? new Date(this.pinned.getTime()) : new Date();
  }

  set(instant: Date | string): void {
    this.pinned = new Date(instant);
  }

  advance(milliseconds: number): void {
    this.pinned = new Date(this.now().getTime() + milliseconds);
  }

  release(): void {
    this.pinned = null;
  }
}
