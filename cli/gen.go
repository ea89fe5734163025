package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/hecha-dev/hecha/fixtures"
)

type genCmd struct {
	Out         string `help:"Where to write: the drop goes to OUT/drop, the expected results to OUT/expected." required:"" type:"path"`
	Units       int    `help:"Number of units (departments, affiliated and internal units)." default:"50"`
	Staff       int    `help:"Number of staff in the registry." default:"2000"`
	Months      int    `help:"Number of payroll months." default:"6"`
	Seed        int64  `help:"Random seed: the same seed writes the same files." default:"1"`
	Format      string `help:"File format of the drop: xlsx or csv." enum:"xlsx,csv" default:"xlsx"`
	Clean       bool   `help:"Write a tidy drop: canonical headers and values, no bad rows."`
	NoAnomalies bool   `help:"Plant no anomalies: every rule must then find nothing."`
}

func (c *genCmd) Run(ctx context.Context, env *Env) error {
	if c.Units < 1 || c.Staff < 1 || c.Months < 1 {
		return fail(ExitInput, "--units, --staff and --months must be at least 1")
	}
	cfg := fixtures.Config{Units: c.Units, Staff: c.Staff, Months: c.Months, Seed: c.Seed, Format: c.Format,
		Messy: !c.Clean, BadRows: !c.Clean, Anomalies: !c.NoAnomalies}
	start := time.Now()
	if err := fixtures.Generate(ctx, cfg, c.Out); err != nil {
		return fmt.Errorf("generate the district: %w", err)
	}
	env.Log.Info().Dur("took", time.Since(start)).Msg("district generated")
	fmt.Fprintf(env.Stdout, "data drop: %s\nexpected:  %s\n", filepath.Join(c.Out, "drop"), filepath.Join(c.Out, "expected"))
	return nil
}
