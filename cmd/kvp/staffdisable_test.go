package main

import (
	"strings"
	"testing"
)

func TestStaffDisableAndEnable(t *testing.T) {
	ctx, cfg, quiet := startedOnce(t)
	var out strings.Builder
	if err := staffCommand(ctx, cfg, []string{"add", "--email", "kari@nav.no", "--office", "3401"}, &out); err != nil {
		t.Fatal(err)
	}
	disabled := func() bool {
		t.Helper()
		st, closeAll, err := openStore(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer closeAll()
		rec, err := st.Staff(ctx, "kari@nav.no")
		if err != nil {
			t.Fatal(err)
		}
		return rec.Disabled
	}
	if err := staffCommand(ctx, cfg, []string{"disable", "--email", "Kari@nav.no"}, &out); err != nil {
		t.Fatal(err)
	}
	if !disabled() {
		t.Error("the account is not disabled")
	}
	if err := staffCommand(ctx, cfg, []string{"enable", "--email", "kari@nav.no"}, &out); err != nil {
		t.Fatal(err)
	}
	if disabled() {
		t.Error("the account is still disabled")
	}
	for _, args := range [][]string{{"disable"}, {"disable", "--email", "ingen@nav.no"}, {"disable", "--email", "kari@nav.no", "ekstra"}} {
		if err := staffCommand(ctx, cfg, args, &out); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
