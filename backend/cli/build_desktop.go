//go:build desktop || bindings

package cli

// CanOpenWindow: this binary was built with the desktop tag and links the
// window (GTK and WebKit on Linux, WebView2 on Windows). The bindings
// generator (tag bindings) counts too: it must reach wails.Run.
const CanOpenWindow = true
