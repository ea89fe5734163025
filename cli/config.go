package cli

import (
	"github.com/BurntSushi/toml"

	"github.com/hecha-dev/hecha/engine"
)

// fileConfig is the --config file: run parameters that an office keeps from night to night.
// Flags override it; it overrides the drop's own hecha.toml [params].
type fileConfig struct {
	AsOf           string             `toml:"as_of"`
	Months         []string           `toml:"months"`
	RegionPrefixes []string           `toml:"region_prefixes"`
	RulesDir       string             `toml:"rules_dir"`
	MemoryLimit    string             `toml:"memory_limit"`
	Retirement     *engine.Retirement `toml:"retirement"`
}

func loadConfig(path string) (*fileConfig, error) {
	cfg := &fileConfig{}
	if path == "" {
		return cfg, nil
	}
	md, err := toml.DecodeFile(path, cfg)
	if err != nil {
		return nil, fail(ExitInput, "config file %s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fail(ExitInput, "config file %s: unknown key %s", path, und[0])
	}
	return cfg, nil
}
