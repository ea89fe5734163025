package engine

import "testing"

// TestDefaultMemoryLimit: 3 GB, or half the machine's memory when that is less; DuckDB takes both
// forms.
func TestDefaultMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		ram    uint64
		want   string
		duckdb string // as DuckDB shows it
	}{
		{0, DefaultMemoryLimit, "2.7 GiB"},
		{24 << 30, DefaultMemoryLimit, "2.7 GiB"},
		{6_000_000_000, DefaultMemoryLimit, "2.7 GiB"},
		{4 << 30, "2048MiB", "2.0 GiB"},
		{1 << 30, "512MiB", "512.0 MiB"},
	} {
		got := defaultMemoryLimit(tc.ram)
		if got != tc.want {
			t.Errorf("defaultMemoryLimit(%d) = %s, want %s", tc.ram, got, tc.want)
			continue
		}
		d, err := openDB(t.TempDir(), got)
		if err != nil {
			t.Fatalf("openDB with memory_limit %s: %v", got, err)
		}
		var set string
		err = d.sql.QueryRow("SELECT current_setting('memory_limit')").Scan(&set)
		d.Close()
		if err != nil || set != tc.duckdb {
			t.Errorf("memory_limit %s: DuckDB says %q (%v), want %q", got, set, err, tc.duckdb)
		}
	}
}
