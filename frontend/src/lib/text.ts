import type { Attachment } from 'svelte/attachments'

/**
 * Shows value as an element's text by replacing its text node
 * (textContent), for text that changes with every beat. Svelte's {value}
 * edits the text node in place (nodeValue), and WebKitGTK answers each such
 * edit with about twenty display frames of wake-ups between its two
 * processes (a third of a second at 60 Hz), where a replaced node costs
 * one repaint: measured with strace on the dashboard, 2026-12-02
 * (docs/BENCHMARKS.md).
 */
export const text =
  (value: string): Attachment<HTMLElement> =>
  (element) => {
    // The attachment runs again whenever what it reads changes, such as a
    // new statistics object whose minimum is the same: only a new value is
    // drawn.
    if (element.textContent !== value) element.textContent = value
  }
