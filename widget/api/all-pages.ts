/**
 * Every entry of a list, read page by page: for choice lists (an employee to add as an attendee, an
 * approver to submit to, a spender to filter by) that must not stop at the server's first page.
 */
import type { ApiClient, Query } from './client.js';
import type { PageContext } from './types.js';

/** The most pages a choice list reads: 5,000 entries at 200 a page. */
export const MAX_CHOICE_PAGES = 25;
const PER_PAGE = 200;

/**
 * @example const users = await readAllPages<User>(api, '/api/v1/users', 'users', { status: 'active' });
 */
export async function readAllPages<T>(
  api: ApiClient,
  path: string,
  key: string,
  query: Query = {},
  maxPages = MAX_CHOICE_PAGES,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await api.get<Record<string, unknown>>(path, { ...query, page, per_page: PER_PAGE });
    out.push(...((res[key] as T[] | undefined) ?? []));
    if (!(res.page_context as PageContext | undefined)?.has_more_page) break;
  }
  return out;
}
