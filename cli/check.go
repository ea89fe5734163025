package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/hecha-dev/hecha/engine"
	"github.com/hecha-dev/hecha/ids"
	"github.com/hecha-dev/hecha/loaders"
)

type checkCmd struct {
	Input string `help:"The data drop folder." required:"" type:"path"`
}

func (c *checkCmd) Run(ctx context.Context, env *Env) error {
	if err := requireDir(c.Input); err != nil {
		return err
	}
	rep, err := engine.Check(ctx, c.Input)
	if rep != nil {
		printCheck(env.Stdout, rep)
	}
	return err
}

func requireDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fail(ExitInput, "the data drop %s cannot be read: %v (give an existing folder with --input)", dir, err)
	}
	if !fi.IsDir() {
		return fail(ExitInput, "the data drop %s is a file: --input takes the folder that holds the files", dir)
	}
	return nil
}

// printCheck prints what was read per file and sheet, the warnings, then every reject with ID
// numbers masked.
func printCheck(w io.Writer, rep *loaders.Report) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tsheet\tkind\theader row\trows read\trejected\tcells cleared\tunknown columns")
	for _, f := range rep.Files {
		if f.Skipped != "" {
			fmt.Fprintf(tw, "%s\t\t(skipped: %s)\t\t\t\t\t\n", f.Path, f.Skipped)
			continue
		}
		for _, s := range f.Sheets {
			kind := string(s.Kind)
			if s.Skipped != "" {
				kind = "(skipped: " + s.Skipped + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", f.Path, s.Sheet, kind, s.HeaderRow, s.RowsRead, s.RowsRejected, s.CellsCleared, strings.Join(s.Unknown, "、"))
		}
	}
	tw.Flush()
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(w, "\nwarnings (%d):\n", len(rep.Warnings))
		for _, m := range rep.Warnings {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
	fmt.Fprintf(w, "\nrejects (%d):\n", len(rep.Rejects))
	for _, r := range rep.Rejects {
		r.Value = ids.MaskLike(r.Value)
		fmt.Fprintf(w, "  %s\n", r)
	}
}
