package report

import (
	"io"
	"testing"
)

func BenchmarkWriteReport(b *testing.B) {
	in := &ReportInput{Title: "区财政局", Numbers: sampleNumbers()}
	for i := 0; i < b.N; i++ {
		if err := WriteReport(io.Discard, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteFindingsWorkbook(b *testing.B) {
	wb := sampleWorkbook()
	for i := 0; i < b.N; i++ {
		if err := WriteFindingsWorkbook(io.Discard, wb); err != nil {
			b.Fatal(err)
		}
	}
}
