package loaders

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// LoadDrop reads every source of the drop folder dir and hands each accepted row to sink.
//
// It walks dir recursively and reads the files in sorted order of their slash-separated paths
// relative to dir: .xlsx and .xlsm workbooks (every sheet, in workbook order), .csv files, and
// .parquet files through opts.OpenParquet. An .xls file is a structural error saying how to
// convert it; any other file, the Excel lock files ~$*, hidden (dot) files and folders, and
// symbolic links that lead outside the drop or to a folder are skipped with a warning; hecha.toml
// is the manifest (opts.Manifest, when nil, is read from it).
//
// With opts.Workers > 1 several files are read at once and sink is called from several goroutines;
// the Report is the same whatever the number of workers: files, rejects and warnings in path order,
// then sheet order, then row.
//
// The error is nil, the sink's or the context's error (the load stops at once), or the structural
// errors of the drop (the load reads every file first, so that all of them are reported at once:
// one *StructuralError, or several joined with errors.Join; errors.Is(err, ErrStructural) holds).
// After a structural error the sink has seen rows of a drop that must not be checked.
func LoadDrop(ctx context.Context, dir string, opts Options, sink Sink) (*Report, error) {
	rep := &Report{}
	if opts.Manifest == nil {
		m, err := ReadManifest(dir)
		if err != nil {
			return rep, err
		}
		opts.Manifest = m
	}
	files, warnings, err := listDrop(dir)
	if err != nil {
		return rep, &StructuralError{File: dir, Err: err}
	}
	rep.Warnings = warnings
	var missing []string
	for _, e := range opts.Manifest.Files {
		if i := sort.SearchStrings(files, e.Path); i >= len(files) || files[i] != e.Path {
			missing = append(missing, e.Path)
		}
	}
	if len(missing) > 0 {
		return rep, &StructuralError{File: ManifestName, Err: fmt.Errorf("names files that are not in the drop: %s", strings.Join(missing, ", "))}
	}

	type result struct {
		fr       FileReport
		rejects  []Reject
		warnings []string
		err      error
	}
	results := make([]result, len(files))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var stopErr error
	var stopOnce sync.Once
	work := func(i int) {
		r := &results[i]
		r.fr, r.rejects, r.warnings, r.err = LoadFile(ctx, dir, files[i], opts, sink)
		if opts.FileDone != nil {
			opts.FileDone(files[i])
		}
		if r.err != nil && !errors.Is(r.err, ErrStructural) {
			stopOnce.Do(func() { stopErr = r.err; cancel() })
		}
	}
	workers := min(max(opts.Workers, 1), max(len(files), 1))
	if workers == 1 {
		for i := range files {
			if ctx.Err() != nil {
				break
			}
			work(i)
		}
	} else {
		next := make(chan int)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					work(i)
				}
			}()
		}
	feed:
		for i := range files {
			select {
			case next <- i:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
	}
	if stopErr != nil {
		return rep, stopErr
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	var structural []error
	for _, r := range results {
		rep.Files = append(rep.Files, r.fr)
		rep.Rejects = append(rep.Rejects, r.rejects...)
		rep.Warnings = append(rep.Warnings, r.warnings...)
		if r.err != nil {
			structural = append(structural, r.err)
		}
	}
	switch len(structural) {
	case 0:
		return rep, nil
	case 1:
		return rep, structural[0]
	}
	return rep, errors.Join(structural...)
}

// LoadFile reads one file of the drop: relPath is relative to dir, with forward slashes. It is the
// unit of work of LoadDrop, exported so that a caller may schedule files itself; opts.Manifest is
// used as given (nil: no manifest). It returns the file's report, its rejects and warnings in
// order, and a *StructuralError when the file or one of its sheets cannot be read (the sheets read
// before it are in the report), or the sink's or the context's error.
func LoadFile(ctx context.Context, dir, relPath string, opts Options, sink Sink) (FileReport, []Reject, []string, error) {
	start := time.Now()
	fr, rejects, warnings, err := loadFile(ctx, dir, relPath, opts, sink)
	if len(fr.Sheets) > 0 {
		rest := time.Since(start)
		for _, sh := range fr.Sheets[1:] {
			rest -= sh.Duration
		}
		fr.Sheets[0].Duration = rest
	}
	return fr, rejects, warnings, err
}

// loadFile is LoadFile without the timing.
func loadFile(ctx context.Context, dir, relPath string, opts Options, sink Sink) (FileReport, []Reject, []string, error) {
	fr := FileReport{Path: relPath}
	abs := filepath.Join(dir, filepath.FromSlash(relPath))
	sc, err := scanFile(abs, strings.EqualFold(path.Ext(relPath), ".csv"))
	if err != nil {
		return fr, nil, nil, &StructuralError{File: relPath, Err: err}
	}
	fr.SHA256, fr.Size = sc.sum, sc.size
	base := path.Base(relPath)
	ext := strings.ToLower(path.Ext(relPath))
	if strings.HasPrefix(base, "~$") || strings.HasPrefix(base, ".") {
		why := "hidden file"
		if strings.HasPrefix(base, "~$") {
			why = "Excel lock file of an open workbook"
		}
		fr.Skipped = why
		return fr, nil, []string{fmt.Sprintf("%s: skipped: %s", relPath, why)}, nil
	}
	switch ext {
	case ".xlsx", ".xlsm":
		rejects, warnings, err := loadXLSX(ctx, &fr, abs, opts.Manifest, sink)
		return fr, rejects, warnings, err
	case ".csv":
		t := &table{file: relPath, entry: opts.Manifest.entryFor(relPath, base), sink: sink}
		err := loadCSV(ctx, t, abs, sc, opts.BulkCSV)
		if t.src != nil {
			fr.Sheets = append(fr.Sheets, t.rep)
		}
		return fr, t.rejects, t.warnings, err
	case ".parquet":
		if opts.OpenParquet == nil {
			return fr, nil, nil, &StructuralError{File: relPath, Err: errors.New("Parquet files are read through the engine (DuckDB); this load has no Parquet reader")}
		}
		rr, err := opts.OpenParquet(abs)
		if err != nil {
			return fr, nil, nil, &StructuralError{File: relPath, Err: err}
		}
		defer rr.Close()
		t := &table{file: relPath, sheet: base, src: &publicSource{r: rr}, entry: opts.Manifest.entryFor(relPath, base), sink: sink}
		err = t.run(ctx)
		fr.Sheets = append(fr.Sheets, t.rep)
		return fr, t.rejects, t.warnings, err
	case ".xls":
		return fr, nil, nil, &StructuralError{File: relPath, Err: errXLS()}
	}
	fr.Skipped = "not a spreadsheet (.xlsx, .xlsm, .csv, .parquet)"
	return fr, nil, []string{fmt.Sprintf("%s: skipped: not a spreadsheet (hecha reads .xlsx, .xlsm, .csv and .parquet)", relPath)}, nil
}

// fileScan is what one pass over a file's bytes tells: its hash and size, how its text is encoded
// (for CSV), and the bytes that decide whether a CSV file can be read line by line (bulk.go).
type fileScan struct {
	sum  string
	size int64
	enc  textEncoding
	// quote: a '"' somewhere; odd: a NUL or unit separator byte; cr, lf and crlf count the line
	// ends.
	quote, odd   bool
	cr, lf, crlf int64
	endsLF       bool // the last byte is a line feed
	// utf8Rest: only the first utf8Head bytes of this CSV file were checked to be UTF-8; enc says
	// UTF-8 until checkRest, or the line check of a set-based file, has seen the rest.
	utf8Rest bool
}

// utf8Head is how much of a CSV file scanFile checks to be UTF-8. A file whose lines are its rows
// is read line by line in Go before it is read set-based (BulkFile), which checks the rest on the
// way, so the scan leaves it; any other file is checked whole (fileScan.checkRest) before it is
// read.
const utf8Head = 256 << 10

// utf8Check tells whether a stream of chunks is UTF-8, a rune split between chunks included.
type utf8Check struct {
	carry   []byte
	invalid bool
}

func (u *utf8Check) write(b []byte) {
	if u.invalid {
		return
	}
	chunk := b
	if len(u.carry) > 0 {
		chunk = append(u.carry, b...)
	}
	cut := len(chunk)
	// Keep an incomplete rune at the end for the next chunk.
	for k := 1; k <= 3 && k <= len(chunk); k++ {
		if utf8.RuneStart(chunk[len(chunk)-k]) {
			if !utf8.FullRune(chunk[len(chunk)-k:]) {
				cut = len(chunk) - k
			}
			break
		}
	}
	u.invalid = !utf8.Valid(chunk[:cut])
	u.carry = append(u.carry[:0:0], chunk[cut:]...)
}

// valid reports whether everything written is UTF-8.
func (u *utf8Check) valid() bool { return !u.invalid && utf8.Valid(u.carry) }

// checkRest checks the whole file at abs to be UTF-8, when the scan checked its head only, and
// sets enc by it.
func (sc *fileScan) checkRest(abs string) error {
	if !sc.utf8Rest {
		return nil
	}
	f, err := os.Open(abs)
	if err != nil {
		return err
	}
	defer f.Close()
	var u utf8Check
	buf := make([]byte, 256<<10)
	for {
		n, err := f.Read(buf)
		u.write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	sc.utf8Rest = false
	if !u.valid() {
		sc.enc = encGB18030
	}
	return nil
}

// scanFile hashes a file and finds how its text is encoded (for CSV: from its first utf8Head
// bytes, see fileScan.utf8Rest) and, for a CSV file, how its lines end.
func scanFile(abs string, csv bool) (fileScan, error) {
	var sc fileScan
	f, err := os.Open(abs)
	if err != nil {
		return sc, err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, 256<<10)
	var u utf8Check
	first, lastCR := true, false
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			b := buf[:n]
			h.Write(b)
			sc.size += int64(n)
			if first {
				first = false
				if len(b) >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)) {
					sc.enc = encUTF16
				}
			}
			if csv {
				sc.shape(b, lastCR)
				lastCR = b[len(b)-1] == '\r'
			}
			switch {
			case !csv || sc.size-int64(n) < utf8Head:
				u.write(b)
			case !sc.utf8Rest:
				sc.utf8Rest = true
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return sc, rerr
		}
	}
	// A rune cut by the end of the head is not judged: the rest is checked later.
	if sc.enc != encUTF16 && (u.invalid || !sc.utf8Rest && !u.valid()) {
		sc.enc, sc.utf8Rest = encGB18030, false
	}
	sc.sum = hex.EncodeToString(h.Sum(nil))
	return sc, nil
}

// shape counts the line ends and odd bytes of one chunk; afterCR says the chunk before ended
// with '\r'.
func (sc *fileScan) shape(b []byte, afterCR bool) {
	sc.quote = sc.quote || bytes.IndexByte(b, '"') >= 0
	sc.odd = sc.odd || bytes.IndexByte(b, 0) >= 0 || bytes.IndexByte(b, 0x1F) >= 0
	sc.cr += int64(bytes.Count(b, []byte{'\r'}))
	sc.lf += int64(bytes.Count(b, []byte{'\n'}))
	sc.crlf += int64(bytes.Count(b, []byte("\r\n")))
	sc.endsLF = b[len(b)-1] == '\n'
	if afterCR && b[0] == '\n' {
		sc.crlf++
	}
}

// ListDrop lists the files LoadDrop reads, in the order it reports them: sorted, relative to dir,
// slash-separated. The manifest itself is not listed.
func ListDrop(dir string) ([]string, error) {
	files, _, err := listDrop(dir)
	return files, err
}

// listDrop lists the files of a drop, sorted, relative and slash-separated, with warnings for what
// it leaves out.
func listDrop(dir string) ([]string, []string, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, nil, err
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, nil, err
	}
	var files, warnings []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		switch {
		case d.IsDir():
			if strings.HasPrefix(d.Name(), ".") {
				warnings = append(warnings, fmt.Sprintf("%s/: skipped: hidden folder", rel))
				return fs.SkipDir
			}
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: a symbolic link that leads nowhere", rel))
				return nil
			}
			if r, err := filepath.Rel(root, target); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: a symbolic link that leads outside the drop", rel))
				return nil
			}
			st, err := os.Stat(target)
			if err != nil || !st.Mode().IsRegular() {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: a symbolic link to a folder (its files are read where they are)", rel))
				return nil
			}
		case !d.Type().IsRegular():
			warnings = append(warnings, fmt.Sprintf("%s: skipped: not a regular file", rel))
			return nil
		}
		if rel == ManifestName {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	sort.Strings(files)
	return files, warnings, err
}
