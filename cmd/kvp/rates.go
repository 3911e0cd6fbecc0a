package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"kvp/casework"
)

// ratesCommand lists the rate tables or adds a row with its effective
// date: `kvp rates list`, `kvp rates add -table g -from 2027-05-01 -value
// 140000`. The row takes effect on its date without a release. With the
// embedded database, stop the portal first (one process owns the files).
func ratesCommand(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: kvp rates list | kvp rates add -table g|factor|child|under25|latestStart -from YYYY-MM-DD -value N (under25: a fraction such as 2/3)")
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
		}{{"g", t.G}, {"factor", t.Factor}, {"child", t.Child}, {"under25", t.Under25}, {"latestStart", t.LatestStart}} {
			for _, r := range tab.rows {
				v := strconv.Itoa(r.Value)
				if r.Per > 0 {
					v += "/" + strconv.Itoa(r.Per)
				}
				fmt.Fprintf(out, "%-11s %s %s\n", tab.name, r.From.In(casework.Location()).Format("2006-01-02"), v)
			}
		}
		return nil
	case "add":
		fs := flag.NewFlagSet("rates add", flag.ContinueOnError)
		fs.SetOutput(out)
		table := fs.String("table", "", "g (kroner a year), factor (thousandths of G), child (kroner a weekday), under25 (share of the full rate, such as 2/3) or latestStart (months)")
		from := fs.String("from", "", "effective date, YYYY-MM-DD")
		value := fs.String("value", "", "the new value")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		d, err := time.ParseInLocation("2006-01-02", *from, casework.Location())
		if err != nil {
			return fmt.Errorf("-from must be a date YYYY-MM-DD")
		}
		r := casework.Rate{From: d}
		if *table == "under25" {
			if r.Value, r.Per, err = casework.ParseShare(*value); err != nil {
				return fmt.Errorf("-value: %w", err)
			}
		} else if r.Value, err = strconv.Atoi(*value); err != nil || r.Value <= 0 {
			return fmt.Errorf("-value must be a positive whole number")
		}
		if err := st.AddRate(ctx, *table, r); err != nil {
			return fmt.Errorf("add rate: %w", err)
		}
		fmt.Fprintf(out, "added %s %s %s\n", *table, *from, *value)
		return nil
	}
	return fmt.Errorf("unknown rates command %q", args[0])
}
