import { useEffect } from 'preact/hooks';
import type { HostApi } from '../../host/host-context.js';

/** Keeps the CRM's widget frame as tall as the content (ZOHO.CRM.UI.Resize), including open dialogs. */
export function useHostResize(host: HostApi | null, root: { current: HTMLElement | null }): void {
  useEffect(() => {
    const el = root.current;
    if (!host || !el || typeof ResizeObserver === 'undefined') return;
    let last = 0;
    const measure = () => {
      const dialog = el.querySelector<HTMLElement>('[role="dialog"]');
      const height = Math.max(el.scrollHeight, dialog ? dialog.offsetTop + dialog.scrollHeight + 48 : 0) + 16;
      if (Math.abs(height - last) < 2) return;
      last = height;
      void host.resize(height).catch(() => {});
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    const mutations = new MutationObserver(measure);
    mutations.observe(el, { childList: true, subtree: true });
    measure();
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [host, root]);
}
