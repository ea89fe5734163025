package cli

import (
	"fmt"
	"io"
	"sync"

	"github.com/rs/zerolog"

	"github.com/hecha-dev/hecha/engine"
)

// progressReporter shows how far a run has got: a line rewritten in place on a terminal, log
// lines otherwise (every million rows staged, every rule finished).
type progressReporter struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	log      zerolog.Logger
	lastLog  int64
	shown    bool
}

func newProgress(env *Env) *progressReporter {
	return &progressReporter{w: env.Stderr, terminal: isTerminal(env.Stderr), log: env.Log}
}

func (p *progressReporter) report(pr engine.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal {
		switch pr.Stage {
		case "load":
			fmt.Fprintf(p.w, "\r\033[K读取 %d 行 · %s", pr.Rows, pr.File)
		case "rules":
			fmt.Fprintf(p.w, "\r\033[K规则 %d/%d · %s", pr.RulesDone, pr.RulesTotal, pr.Rule)
		}
		p.shown = true
		return
	}
	switch pr.Stage {
	case "load":
		if pr.Rows-p.lastLog >= 1_000_000 {
			p.lastLog = pr.Rows
			p.log.Info().Str("stage", "load").Int64("rows", pr.Rows).Str("file", pr.File).Msg("progress")
		}
	case "rules":
		p.log.Info().Str("stage", "rules").Int("done", pr.RulesDone).Int("total", pr.RulesTotal).Str("rule", pr.Rule).Msg("progress")
	}
}

// done ends the progress line on a terminal.
func (p *progressReporter) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
