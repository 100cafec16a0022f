/**
 * Which monitor sections are on screen (or about to be: 200 px ahead of the scroll), reported to the host whenever
 * that changes, so it sends the matrices of those alone (and the latest at once for one scrolled into view).
 */
import { MONITOR_SECTIONS, type MonitorSection } from '../../src/protocol';

/** Makes the observer (an IntersectionObserver in the webview; tests pass a fake). */
export type IntersectionWatcher = (callback: (entries: readonly { target: Element; isIntersecting: boolean }[]) => void) => { observe(target: Element): void };

const realWatcher: IntersectionWatcher | null = typeof IntersectionObserver === 'function'
  ? (callback) => new IntersectionObserver((entries) => callback(entries), { rootMargin: '200px 0px' })
  : null;

/** Watches each element of `sections`; `post` gets the sections with an element on screen, in MONITOR_SECTIONS order. */
export function reportVisibleSections(sections: ReadonlyMap<Element, MonitorSection>, post: (visible: MonitorSection[]) => void, watcher = realWatcher): void {
  if (!watcher) return; // no observer: the host keeps sending every section
  const onScreen = new Set<Element>();
  let reported = '';
  const observer = watcher((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (isIntersecting) onScreen.add(target);
      else onScreen.delete(target);
    }
    const visible = MONITOR_SECTIONS.filter((name) => [...sections].some(([element, section]) => section === name && onScreen.has(element)));
    if (visible.join() === reported) return;
    reported = visible.join();
    post(visible);
  });
  for (const element of sections.keys()) observer.observe(element);
}
