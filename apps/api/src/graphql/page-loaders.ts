import type DataLoader from 'dataloader';
import type { Page, PageRequest } from '@council/core';
import type { BatchScheduler } from './batch-scheduler';

// A connection nested in a list (Organization.members, Meeting.agendaChanges): the parents that ask
// for the same page (first, after) share one loader, so a response costs one query per distinct
// page, however many parents it shows.
export class PageLoaders<V> {
  private readonly byPage = new Map<string, DataLoader<string, Page<V>>>();

  constructor(
    private readonly batches: BatchScheduler,
    private readonly pagesOf: (
      parentIds: readonly string[],
      request: PageRequest,
    ) => Promise<Page<V>[]>,
  ) {}

  of(request: PageRequest): DataLoader<string, Page<V>> {
    const key = `${request.first ?? ''}|${request.after ?? ''}`;
    let loader = this.byPage.get(key);
    if (!loader) {
      loader = this.batches.loader((ids) => this.pagesOf(ids, request));
      this.byPage.set(key, loader);
    }
    return loader;
  }
}
