import '@testing-library/jest-dom/vitest'

// jsdom lays nothing out, so it has no ResizeObserver; the components that
// measure themselves keep their starting size here (Chromium tests the real
// layout).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
}
