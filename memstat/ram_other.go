//go:build !linux && !darwin

package memstat

// TotalRAM returns 0: this system's physical memory is not read.
func TotalRAM() uint64 { return 0 }
