import { lazyComponent } from '../../ui/lazy-component.js';

/** The duplicate notices load when a saved expense first needs one, so the panel's first bundle stays small. */
export const LazyDuplicateNotices = lazyComponent(() =>
  import('../expenses/duplicate-notices.js').then((m) => m.DuplicateNotices),
);
