// Package output writes a run's output folder (outputs.md): findings.csv, summary.json, run.json
// and rejects.csv, all into a temporary folder that replaces the previous output folder in one
// rename only when every file was written. A failed or killed run leaves the previous folder as
// it was.
package output

import (
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
// atomic). Leftovers of killed runs beside target are removed first. target may not be an
// existing file.
func Begin(target string) (*Staging, error) {
	target = filepath.Clean(target)
	if fi, err := os.Stat(target); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output path %s is a file, not a folder: choose another --out", target)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create the parent of the output folder: %w", err)
	}
	removeLeftovers(parent, filepath.Base(target))
	tmp, err := os.MkdirTemp(parent, tmpPrefix+filepath.Base(target)+"-")
	if err != nil {
		return nil, fmt.Errorf("create a temporary output folder in %s: %w", parent, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Staging{Path: tmp, target: target}, nil
}

// removeLeftovers deletes temporary folders that killed runs for the same target left behind.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), tmpPrefix+base+"-") {
			_ = os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// Commit puts the staged folder at the target path. An existing target is swapped out in the same
// atomic step (renameat2 RENAME_EXCHANGE) and then removed.
func (s *Staging) Commit() error {
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
	if err := syncDir(filepath.Dir(s.target)); err != nil {
		return err
	}
	// s.Path now holds the previous output folder.
	return os.RemoveAll(s.Path)
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
