// Package loaders reads a data drop — the folder of office files every unit and department hands
// in for the establishment check (机构和人员编制核查) — into staged rows.
//
// It is the only part of hecha that knows about spreadsheets. It walks the drop, recognises each
// sheet (or CSV/Parquet file) as one of the five kinds of inputs.md by its header row (or by the
// hecha.toml manifest), reads every cell by its field's type — text folding, dates and months,
// ledger counts, ID numbers, money, code values with their legacy synonyms, lists, bank accounts —
// and hands each accepted row to a Sink. Problems are never lost: a bad cell becomes a Reject (the
// row is rejected when the column is required, the cell is cleared when it is optional), and a file
// or sheet that cannot be read at all becomes a StructuralError, which stops the run.
//
// The package stages values as plain Go types and does not import DuckDB: the engine owns the
// store and turns the rows it receives into tables, and it supplies Parquet reading through
// Options.OpenParquet.
package loaders
