//go:build !unix

package memstat

// PeakRSS returns 0: this system's peak resident memory is not read.
func PeakRSS() uint64 { return 0 }
