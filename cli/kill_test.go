package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hecha-dev/hecha/output"
	"github.com/hecha-dev/hecha/store"
)

// snapshot hashes every file of a folder: path -> sha256.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		m[rel] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// storeRuns opens the store (as the next hecha would), repairs the output folder the way a run
// does at its start, and returns the store's run ids, oldest first (by the store's sequence: two
// runs may start in the same second, so their ids do not sort by time).
func storeRuns(t *testing.T, path, out string) []string {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := output.Recover(out, func(id string) (bool, error) { return s.HasRun(ctx, id) }); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := len(runs) - 1; i >= 0; i-- { // Runs lists the newest first
		ids = append(ids, runs[i].RunID)
	}
	return ids
}

// TestKilledRunsLeaveOutputAndStoreIntact kills real runs (this test binary acting as hecha) with
// SIGKILL at random moments. After each kill the output folder and the store must be exactly the
// previous run's, or, when the kill came after the run committed, exactly the new run's; and the
// next run must succeed.
func TestKilledRunsLeaveOutputAndStoreIntact(t *testing.T) {
	dir := t.TempDir()
	out, st := filepath.Join(dir, "out"), filepath.Join(dir, "hecha.duckdb")
	args := []string{"run", "--out", out, "--store", st, "--log-level", "error"}
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, args...)...)
		cmd.Env = append(os.Environ(), "HECHA_CLI_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	t0 := time.Now()
	if err := start().Wait(); err != nil {
		t.Fatalf("first run: %v", err)
	}
	runTime := time.Since(t0)
	prevRuns := storeRuns(t, st, out)
	prevFiles := snapshot(t, out)
	if len(prevRuns) != 1 || output.RunIDOf(out) != prevRuns[0] {
		t.Fatalf("after the first run: store %v, output run %q", prevRuns, output.RunIDOf(out))
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	completed := 0
	for i := 0; i < 10; i++ {
		cmd := start()
		wait := time.Duration(r.Int64N(int64(runTime) * 12 / 10))
		time.Sleep(wait)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		runs := storeRuns(t, st, out)
		files := snapshot(t, out)
		switch {
		case strings.Join(runs, ",") == strings.Join(prevRuns, ","):
			if len(files) != len(prevFiles) {
				t.Fatalf("kill %d after %v: the output folder changed (%d files, was %d) but the store did not", i, wait, len(files), len(prevFiles))
			}
			for p, h := range prevFiles {
				if files[p] != h {
					t.Fatalf("kill %d after %v: %s changed but the store holds no new run", i, wait, p)
				}
			}
		case len(runs) == len(prevRuns)+1:
			latest := runs[len(runs)-1]
			if got := output.RunIDOf(out); got != latest {
				t.Fatalf("kill %d after %v: the store has run %s but the output folder holds %q", i, wait, latest, got)
			}
			for _, name := range []string{"findings.csv", "findings.xlsx", "summary.json", "run.json", "rejects.csv", "overview.html"} {
				if files[name] == "" {
					t.Fatalf("kill %d after %v: committed run lacks %s", i, wait, name)
				}
			}
			completed++
			prevRuns, prevFiles = runs, files
		default:
			t.Fatalf("kill %d after %v: store went from %v to %v", i, wait, prevRuns, runs)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".hecha-tmp-") {
				t.Fatalf("kill %d: %s left beside the output after recovery", i, e.Name())
			}
		}
	}
	t.Logf("10 kills within %v of a %v run: %d landed after the commit", runTime*12/10, runTime, completed)
	if err := start().Wait(); err != nil {
		t.Fatalf("the run after the kills failed: %v", err)
	}
	if runs := storeRuns(t, st, out); len(runs) != len(prevRuns)+1 || output.RunIDOf(out) != runs[len(runs)-1] {
		t.Fatalf("after a clean run: store %v, output run %q", runs, output.RunIDOf(out))
	}
}
