package memstat

import (
	"runtime"
	"testing"
	"time"
)

var sink []byte

const size = 64 << 20

// With no background ticks, Peak sees the heap at its calls: grown, then dropped.
func TestPeakResets(t *testing.T) {
	s := Start(time.Hour)
	defer s.Stop()
	s.Peak()
	sink = make([]byte, size)
	grown := s.Peak()
	if grown < size {
		t.Fatalf("peak %d while holding %d bytes", grown, size)
	}
	sink = nil
	runtime.GC()
	if after := s.Peak(); after >= size {
		t.Fatalf("peak %d after dropping the buffer: the period did not reset", after)
	}
}

// The background sampling sees a heap that grew and shrank between two Peak calls.
func TestPeakBetweenCalls(t *testing.T) {
	s := Start(time.Millisecond)
	defer s.Stop()
	s.Peak()
	sink = make([]byte, size)
	time.Sleep(50 * time.Millisecond)
	sink = nil
	runtime.GC()
	if p := s.Peak(); p < size {
		t.Fatalf("peak %d: the %d bytes held for 50 ms were not seen", p, size)
	}
}

func TestPeakRSS(t *testing.T) {
	if r := PeakRSS(); r < 1<<20 {
		t.Fatalf("peak RSS %d bytes: a Go test process holds more than 1 MiB", r)
	}
}

func TestTotalRAM(t *testing.T) {
	ram := TotalRAM()
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		if ram != 0 {
			t.Errorf("TotalRAM = %d off Linux and macOS, want 0", ram)
		}
		return
	}
	// a machine that runs the tests has more than 256 MiB, and its resident memory is a part of it
	if ram < 256<<20 || PeakRSS() >= ram {
		t.Errorf("TotalRAM = %d (peak RSS %d)", ram, PeakRSS())
	}
}
