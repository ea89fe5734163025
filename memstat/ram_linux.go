package memstat

import "syscall"

// TotalRAM returns the machine's physical memory in bytes (0 when the system does not say).
func TotalRAM() uint64 {
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}
