//go:build unix

package memstat

import (
	"runtime"
	"syscall"
)

// PeakRSS returns the highest resident memory of the process so far, in bytes (0 when the system
// does not say).
func PeakRSS() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil || ru.Maxrss <= 0 {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return uint64(ru.Maxrss) // bytes there
	}
	return uint64(ru.Maxrss) << 10 // KiB elsewhere
}
