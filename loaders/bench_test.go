package loaders

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hecha-dev/hecha/ids"
)

// BenchmarkLoadPayrollCSV reads a 50,000-row payroll roster: go test ./loaders -bench LoadPayroll.
// It reports rows read per second, the figure docs/performance.md tracks.
func BenchmarkLoadPayrollCSV(b *testing.B) {
	dir := b.TempDir()
	var sb strings.Builder
	sb.WriteString("发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源\n")
	const rows = 50000
	for i := 0; i < rows; i++ {
		id := ids.Make("620402", time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), i%1000)
		fmt.Fprintf(&sb, "2015-%02d,12620402MB000%05d,%s,张三,6228480000%09d,%d.%02d,%d.00,财政拨款\n", 1+i%12, i%500, id, i, 3000+i%5000, i%100, 2500+i%4000)
	}
	if err := os.WriteFile(filepath.Join(dir, "payroll.csv"), []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if _, err := LoadDrop(context.Background(), dir, Options{}, func(*Row) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != rows {
			b.Fatalf("%d rows read, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkLineCheck runs the line check of a set-based file over 200,000 payroll lines like a
// province's: go test ./loaders -bench LineCheck. It reports the bytes checked per second.
func BenchmarkLineCheck(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("发放年月,单位代码,身份证号,姓名,银行账号,应发工资,实发工资,经费来源\r\n")
	const rows = 200000
	for i := 0; i < rows; i++ {
		id := ids.Make("620402", time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), i%1000)
		fmt.Fprintf(&sb, "2015-%02d,1262040218924%05d,%s,%s,622848%013d,%d.%02d,%d.%02d,财政拨款\r\n",
			1+i%12, i%20000, id, []string{"张三", "火玉兰", "阿卜杜拉·买买提", "李四"}[i%4], i, 3000+i%5000, i%100, 2500+i%4000, i%97)
	}
	path := filepath.Join(b.TempDir(), "payroll.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	s := Schemas[KindPayroll]
	var lc lineCheck
	for i := range s.Fields {
		lc.cols = append(lc.cols, newCellForm(&s.Fields[i]))
	}
	b.SetBytes(int64(sb.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		slow, err := lc.slowLines(context.Background(), path, 1, true)
		if err != nil || len(slow) != 0 {
			b.Fatalf("slow lines %v, error %v", slow, err)
		}
	}
}
