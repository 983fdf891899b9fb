package overlay

import (
	"errors"
	"syscall"
)

// wsaeaddrinuse is Winsock's "address already in use", which Go reports as
// a plain Errno on Windows rather than syscall.EADDRINUSE.
const wsaeaddrinuse = syscall.Errno(10048)

func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, wsaeaddrinuse)
}
