/// <reference lib="dom" />
// The only way the renderer reaches the app: the API the preload (Electron) or the
// browser-mode client puts on window before <App /> renders.
interface Window {
  proclab: import('../../shared/api').ProclabApi;
}
