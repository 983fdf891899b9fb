import '@testing-library/jest-dom/vitest'

// jsdom lays nothing out, so it has no ResizeObserver; the components that
// measure themselves keep their starting size here (Chromium tests the real
// layout).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
}

// jsdom has <dialog> but not its methods; the window's WebKit and
// WebView2 do (Chromium tests the real one).
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true
  }
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    if (!this.open) return
    this.open = false
    this.dispatchEvent(new Event('close'))
  }
}
