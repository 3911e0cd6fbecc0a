package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"kvp/casework"
)

// ratesCommand lists the rate tables or adds a row with its effective
// date: `kvp rates list`, `kvp rates add -table g -from 2027-05-01 -value
// 140000`. The row takes effect on its date without a release. With the
// embedded database, stop the portal first (one process owns the files).
func ratesCommand(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: kvp rates list | kvp rates add -table g|factor|child -from YYYY-MM-DD -value N")
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, closeAll, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	shipped, err := casework.DefaultRateTables()
	if err != nil {
		return err
	}
	if err := st.SeedRateTables(ctx, shipped); err != nil {
		return err
	}
	switch args[0] {
	case "list":
		t, err := st.RateTables(ctx)
		if err != nil {
			return err
		}
		for _, tab := range []struct {
			name string
			rows []casework.Rate
		}{{"g", t.G}, {"factor", t.Factor}, {"child", t.Child}} {
			for _, r := range tab.rows {
				fmt.Fprintf(out, "%-6s %s %d\n", tab.name, r.From.In(casework.Location()).Format("2006-01-02"), r.Value)
			}
		}
		return nil
	case "add":
		fs := flag.NewFlagSet("rates add", flag.ContinueOnError)
		fs.SetOutput(out)
		table := fs.String("table", "", "g (kroner a year), factor (thousandths of G) or child (kroner a weekday)")
		from := fs.String("from", "", "effective date, YYYY-MM-DD")
		value := fs.Int("value", 0, "the new value")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		d, err := time.ParseInLocation("2006-01-02", *from, casework.Location())
		if err != nil {
			return fmt.Errorf("-from must be a date YYYY-MM-DD")
		}
		if *value <= 0 {
			return fmt.Errorf("-value must be positive")
		}
		if err := st.AddRate(ctx, *table, casework.Rate{From: d, Value: *value}); err != nil {
			return fmt.Errorf("add rate: %w", err)
		}
		fmt.Fprintf(out, "added %s %s %d\n", *table, *from, *value)
		return nil
	}
	return fmt.Errorf("unknown rates command %q", args[0])
}
