// Package memstat measures the memory of a run's stages: the Go heap's peak within a stage,
// sampled in the background, and the process's peak resident memory so far (DuckDB's memory
// included).
package memstat

import (
	"runtime/metrics"
	"sync"
	"time"
)

// heapObjects is the Go heap taken by objects, live or not yet swept.
const heapObjects = "/memory/classes/heap/objects:bytes"

// Sampler reads the Go heap every interval and keeps its highest value since the last Peak.
type Sampler struct {
	mu   sync.Mutex
	peak uint64
	stop chan struct{}
	done chan struct{}
}

// Start starts a sampler reading the heap every interval; Stop ends it.
func Start(interval time.Duration) *Sampler {
	s := &Sampler{stop: make(chan struct{}), done: make(chan struct{})}
	s.sample()
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *Sampler) sample() {
	m := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	v := m[0].Value.Uint64()
	s.mu.Lock()
	s.peak = max(s.peak, v)
	s.mu.Unlock()
}

// Peak returns the highest Go heap seen since the previous call (or Start), the current one
// included, and starts a new period.
func (s *Sampler) Peak() uint64 {
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.peak
	s.peak = 0
	return p
}

// Stop ends the sampling.
func (s *Sampler) Stop() {
	close(s.stop)
	<-s.done
}
