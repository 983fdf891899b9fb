// The backend and the window's state reach components by Svelte context,
// set once by App: no component takes the backend as a prop.
import { getContext, setContext } from 'svelte'
import type { Backend } from './backend'
import type { WindowState } from './window-state.svelte'

const BACKEND = Symbol('backend')
const WINDOW = Symbol('window')

export function provide(backend: Backend, state: WindowState): void {
  setContext(BACKEND, backend)
  setContext(WINDOW, state)
}

export function useBackend(): Backend {
  return getContext<Backend>(BACKEND)
}

export function useWindow(): WindowState {
  return getContext<WindowState>(WINDOW)
}
