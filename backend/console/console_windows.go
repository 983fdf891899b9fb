package console

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS for AttachConsole.
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// Attach attaches to the console of the program that started this one, if
// it has one, and points the standard streams that have nowhere to go at
// it. Streams redirected to a file or a pipe are left alone. It reports
// whether a console was attached: false when double-clicked.
func Attach() bool {
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return false
	}
	// Go's runtime set up its console-control handler at start, so Ctrl-C
	// in this console now reaches os/signal as os.Interrupt.
	out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return true
	}
	if !usable(windows.STD_OUTPUT_HANDLE) {
		os.Stdout = out
		_ = windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, windows.Handle(out.Fd()))
	}
	if !usable(windows.STD_ERROR_HANDLE) {
		os.Stderr = out
		_ = windows.SetStdHandle(windows.STD_ERROR_HANDLE, windows.Handle(out.Fd()))
	}
	// The prompt printed itself when the GUI program started; begin on a
	// line of our own.
	_, _ = out.WriteString("\r\n")
	return true
}

// usable reports whether a standard stream already goes somewhere (a file
// or a pipe the caller redirected it to).
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
