package output

import (
	"time"

	"github.com/hecha-dev/hecha/loaders"
)

// RunInfo is run.json: what an auditor (or the next run) needs to know about how a run was made.
type RunInfo struct {
	RunID         string         `json:"run_id"`
	EngineVersion string         `json:"engine_version"`
	StartedAt     string         `json:"started_at"` // RFC 3339
	FinishedAt    string         `json:"finished_at"`
	AsOf          string         `json:"as_of"`
	Months        []string       `json:"months"`
	Parameters    Parameters     `json:"parameters"`
	Inputs        []InputFile    `json:"inputs"`
	Rules         []RuleRun      `json:"rules"`
	Counts        Counts         `json:"counts"`
	Timings       map[string]int `json:"timings_ms"`
	// LoadByKind sums the read time of the sheets of each kind (inputs' read_ms). Files are read
	// several at once, so the sum can pass timings_ms.load.
	LoadByKind map[string]int `json:"load_ms_by_kind"`
	// Exports is the time taken to write each output (reports and publicity: each folder).
	Exports map[string]int `json:"exports_ms"`
	// Memory is each stage's memory (timings_ms has the same stages, exports as one).
	Memory map[string]StageMemory `json:"memory_mib"`
}

// StageMemory is the memory of one stage of a run, in MiB.
type StageMemory struct {
	// PeakRSS is the process's highest resident memory by the stage's end, DuckDB's included (0
	// where the system does not say).
	PeakRSS uint64 `json:"peak_rss"`
	// GoHeapPeak is the Go heap's highest during the stage: what hecha itself holds, apart from
	// DuckDB (whose share its memory_limit bounds).
	GoHeapPeak uint64 `json:"go_heap_peak"`
}

// Parameters are the settings a run was made with.
type Parameters struct {
	Input          string   `json:"input"`
	RegionPrefixes []string `json:"region_prefixes"`
	PrefixesFrom   string   `json:"region_prefixes_from"` // flag, config, drop or derived
	RulesDir       string   `json:"rules_dir,omitempty"`
	RevealIDs      bool     `json:"reveal_ids"`
	FailOn         string   `json:"fail_on,omitempty"`
}

// InputFile is one file of the drop: its hash, size and what was read from each sheet.
type InputFile struct {
	Path    string       `json:"path"`
	SHA256  string       `json:"sha256"`
	Size    int64        `json:"size"`
	Skipped string       `json:"skipped,omitempty"`
	Sheets  []InputSheet `json:"sheets"`
}

// InputSheet is one sheet's counts.
type InputSheet struct {
	Sheet        string   `json:"sheet"`
	Kind         string   `json:"kind,omitempty"`
	Skipped      string   `json:"skipped,omitempty"`
	HeaderRow    int      `json:"header_row,omitempty"`
	RowsRead     int      `json:"rows_read"`
	RowsAccepted int      `json:"rows_accepted"`
	RowsRejected int      `json:"rows_rejected"`
	CellsCleared int      `json:"cells_cleared"`
	Unknown      []string `json:"unknown_columns,omitempty"`
	ReadMS       int64    `json:"read_ms"` // reading the sheet; a file's first sheet includes hashing the file
}

// RuleRun is one rule's result in a run; a rule that failed carries its error and no count.
type RuleRun struct {
	Code       string `json:"code"`
	Category   int    `json:"category"`
	Severity   string `json:"severity"`
	Hash       string `json:"hash"`
	Findings   int    `json:"findings"`
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// Counts are the run's totals.
type Counts struct {
	Findings     int `json:"findings"`
	RowsRejected int `json:"rows_rejected"`
	CellsCleared int `json:"cells_cleared"`
	RulesFailed  int `json:"rules_failed"`
}

// Inputs converts a load report into run.json's inputs.
func Inputs(rep *loaders.Report) []InputFile {
	out := make([]InputFile, 0, len(rep.Files))
	for _, f := range rep.Files {
		in := InputFile{Path: f.Path, SHA256: f.SHA256, Size: f.Size, Skipped: f.Skipped, Sheets: []InputSheet{}}
		for _, s := range f.Sheets {
			in.Sheets = append(in.Sheets, InputSheet{Sheet: s.Sheet, Kind: string(s.Kind), Skipped: s.Skipped, HeaderRow: s.HeaderRow,
				RowsRead: s.RowsRead, RowsAccepted: s.RowsAccepted, RowsRejected: s.RowsRejected, CellsCleared: s.CellsCleared, Unknown: s.Unknown,
				ReadMS: s.Duration.Milliseconds()})
		}
		out = append(out, in)
	}
	return out
}

// LoadByKind sums the read time of the sheets of each kind, in milliseconds.
func LoadByKind(rep *loaders.Report) map[string]int {
	sum := map[loaders.Kind]time.Duration{}
	for _, f := range rep.Files {
		for _, s := range f.Sheets {
			if s.Kind != "" {
				sum[s.Kind] += s.Duration
			}
		}
	}
	out := make(map[string]int, len(sum))
	for k, d := range sum {
		out[string(k)] = int(d.Milliseconds())
	}
	return out
}
