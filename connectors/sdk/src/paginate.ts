import type { List } from '@keybs/contract';

/**
 * Walks a cursor-paged list: fetches a page, yields its items, and asks for the next one (after the last
 * item's id) only when the caller's loop wants more.
 */
export async function* paginate<T, P extends { starting_after?: string }>(
  params: P,
  fetchPage: (params: P) => Promise<List<T>>,
  idOf: (item: T) => string,
): AsyncGenerator<T, void, undefined> {
  let startingAfter = params.starting_after;
  for (;;) {
    const page = await fetchPage({ ...params, starting_after: startingAfter });
    yield* page.data;
    const last = page.data.at(-1);
    if (!page.has_more || last === undefined) return;
    startingAfter = idOf(last);
  }
}
