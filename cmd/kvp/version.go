package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	// The zone database, so that Europe/Oslo is known in an image without
	// /usr/share/zoneinfo (the container image is FROM scratch).
	_ "time/tzdata"
)

// version is set at build time (-ldflags "-X main.version=1.4.0"); without
// it, the module's version or the VCS revision the binary was built from.
var version = ""

// buildVersion returns the version this binary reports.
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, modified := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += "-modified"
		}
		return rev
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return "devel"
}

// versionCommand prints the version and the Go release it was built with.
func versionCommand(w io.Writer) error {
	_, err := fmt.Fprintf(w, "kvp %s (%s, %s/%s)\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
