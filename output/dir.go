// Package output writes a run's output folder (outputs.md): findings.csv, summary.json, run.json
// and rejects.csv, all into a temporary folder that replaces the previous output folder in one
// rename only when every file was written. A failed or killed run leaves the previous folder as
// it was.
package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Staging is an output folder being written. Files go under Path; Commit moves the folder into
// place, Abort removes it.
type Staging struct {
	Path   string // the temporary folder
	target string
}

const tmpPrefix = ".hecha-tmp-"

// Begin creates a temporary folder beside target (same file system, so the final rename is
// atomic). target may not be an existing file. Call Recover first to clear what killed runs left.
func Begin(target string) (*Staging, error) {
	target = filepath.Clean(target)
	if fi, err := os.Stat(target); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output path %s is a file, not a folder: choose another --out", target)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create the parent of the output folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix+filepath.Base(target)+"-")
	if err != nil {
		return nil, fmt.Errorf("create a temporary output folder in %s: %w", parent, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Staging{Path: tmp, target: target}, nil
}

// leftovers lists the temporary folders that runs for the same target left beside it.
func leftovers(target string) []string {
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), tmpPrefix+base+"-") {
			out = append(out, filepath.Join(parent, e.Name()))
		}
	}
	return out
}

// RunIDOf reads the run id from a folder's run.json ("" when there is none).
func RunIDOf(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return ""
	}
	var info struct {
		RunID string `json:"run_id"`
	}
	if json.Unmarshal(data, &info) != nil {
		return ""
	}
	return info.RunID
}

// Recover puts right what a killed run left beside target, before the next run begins. A run is
// committed in two steps: its folder is swapped into place, then its store transaction commits.
// When a kill fell between the two, target holds a run the store does not know (known reports
// false) while a leftover folder holds the store's latest run: the two are swapped back. Every
// other leftover (a staging folder of a run killed earlier) is removed.
func Recover(target string, known func(runID string) (bool, error)) error {
	target = filepath.Clean(target)
	left := leftovers(target)
	if len(left) == 0 {
		return nil
	}
	if cur := RunIDOf(target); cur != "" {
		ok, err := known(cur)
		if err != nil {
			return err
		}
		if !ok {
			for _, l := range left {
				id := RunIDOf(l)
				if id == "" {
					continue
				}
				if prevOK, err := known(id); err != nil {
					return err
				} else if prevOK {
					if err := unix.Renameat2(unix.AT_FDCWD, l, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE); err != nil {
						return fmt.Errorf("restore the previous output folder %s: %w", target, err)
					}
					break
				}
			}
		}
	}
	for _, l := range left {
		if err := os.RemoveAll(l); err != nil {
			return fmt.Errorf("remove %s left by a killed run: %w", l, err)
		}
	}
	return syncDir(filepath.Dir(target))
}

// Swap puts the staged folder at the target path. An existing target is swapped out in the same
// atomic step (renameat2 RENAME_EXCHANGE) and kept at s.Path until Cleanup, so that Recover can
// put it back if the run dies before its store transaction commits.
func (s *Staging) Swap() error {
	if err := syncDir(s.Path); err != nil {
		return err
	}
	if _, err := os.Lstat(s.target); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.Path, s.target); err != nil {
			return fmt.Errorf("move the output folder into place: %w", err)
		}
		return syncDir(filepath.Dir(s.target))
	}
	if err := unix.Renameat2(unix.AT_FDCWD, s.Path, unix.AT_FDCWD, s.target, unix.RENAME_EXCHANGE); err != nil {
		return fmt.Errorf("swap the new output folder into %s: %w", s.target, err)
	}
	return syncDir(filepath.Dir(s.target))
}

// Cleanup removes the previous output folder that Swap kept.
func (s *Staging) Cleanup() error { return os.RemoveAll(s.Path) }

// Commit swaps the staged folder into place and removes the previous one: for callers with no
// second step to wait for.
func (s *Staging) Commit() error {
	if err := s.Swap(); err != nil {
		return err
	}
	return s.Cleanup()
}

// Abort removes the staged folder; the target is untouched.
func (s *Staging) Abort() { _ = os.RemoveAll(s.Path) }

// Create opens a file inside the staged folder with the given mode, creating sub-folders.
func (s *Staging) Create(rel string, mode os.FileMode) (*os.File, error) {
	p := filepath.Join(s.Path, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
}

// WriteFile writes data to a file inside the staged folder, fsynced.
func (s *Staging) WriteFile(rel string, mode os.FileMode, write func(f *os.File) error) error {
	f, err := s.Create(rel, mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", rel, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return f.Close()
}

func syncDir(path string) error {
	d, err := os.Open(path)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
