package output

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/hecha-dev/hecha/findings"
	"github.com/hecha-dev/hecha/loaders"
)

// File modes: files holding full ID numbers are readable by their owner only.
const (
	ModePrivate = 0o600
	ModePublic  = 0o644
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// FindingsHeader is the header of findings.csv (outputs.md).
var FindingsHeader = []string{"rule", "category", "severity", "dept_code", "dept_name", "unit_code", "unit_name",
	"subject", "id_no", "name", "count", "amount", "first_month", "last_month", "detail", "fingerprint", "status"}

// WriteFindingsCSV writes findings.csv: UTF-8 with BOM, full ID numbers.
func WriteFindingsCSV(w io.Writer, fs []findings.Finding) error {
	return writeCSV(w, FindingsHeader, len(fs), func(i int) []string {
		f := &fs[i]
		amount := ""
		if f.Amount != nil {
			amount = findings.Yuan(*f.Amount)
		}
		return []string{f.Rule, strconv.Itoa(f.Category), string(f.Severity), f.DeptCode, f.DeptName, f.UnitCode, f.UnitName,
			f.Subject, f.IDNo, f.Name, strconv.FormatInt(f.Count, 10), amount, f.FirstMonth, f.LastMonth, f.Detail, f.Fingerprint, f.Status}
	})
}

// RejectsHeader is the header of rejects.csv.
var RejectsHeader = []string{"file", "sheet", "row", "column", "value", "reason", "action"}

// WriteRejectsCSV writes rejects.csv: UTF-8 with BOM. Raw values may hold ID numbers, so the file
// is written private by the caller.
func WriteRejectsCSV(w io.Writer, rs []loaders.Reject) error {
	return writeCSV(w, RejectsHeader, len(rs), func(i int) []string {
		r := rs[i]
		return []string{r.File, r.Sheet, strconv.Itoa(r.Line), r.Column, r.Value, r.Reason, string(r.Action)}
	})
}

// writeCSV writes a UTF-8 CSV with a BOM (so Excel opens it as UTF-8): the header, then n records.
func writeCSV(w io.Writer, header []string, n int, record func(i int) []string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := cw.Write(record(i)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteJSON writes v as indented JSON with a final newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
