package casework

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Office is a NAV office serving one municipality.
type Office struct {
	Municipality     string   `bson:"_id" json:"municipality"`
	MunicipalityName string   `bson:"municipalityName" json:"municipalityName"`
	Name             string   `bson:"name" json:"name"`
	Visiting         Address  `bson:"visiting" json:"visiting"`
	Postal           Address  `bson:"postal" json:"postal"`
	OpeningHours     []Hours  `bson:"openingHours" json:"openingHours"`
	PaymentDay       int      `bson:"paymentDay" json:"paymentDay"`
	Under25OwnHome   bool     `bson:"under25OwnHome" json:"under25OwnHome"`
	DigitalApply     bool     `bson:"digitalApply" json:"digitalApply"`
	Demo             bool     `bson:"demo" json:"demo"`
	Source           string   `bson:"source" json:"source"`
	Notes            []string `bson:"notes,omitempty" json:"notes,omitempty"`
	// StaffNamesHidden: the office shows citizens "a caseworker at <office>"
	// instead of the name and role of whoever opened their case.
	StaffNamesHidden bool `bson:"staffNamesHidden,omitempty" json:"staffNamesHidden,omitempty"`
}

// Address is a postal or visiting address.
type Address struct {
	Line1      string `bson:"line1" json:"line1"`
	Line2      string `bson:"line2,omitempty" json:"line2,omitempty"`
	PostalCode string `bson:"postalCode" json:"postalCode"`
	Town       string `bson:"town" json:"town"`
}

// Hours is an office's opening hours for a range of weekdays (1 = Monday).
type Hours struct {
	FromDay int    `bson:"fromDay" json:"fromDay"`
	ToDay   int    `bson:"toDay" json:"toDay"`
	Opens   string `bson:"opens" json:"opens"`
	Closes  string `bson:"closes" json:"closes"`
}

//go:embed data/offices.json data/demo_offices.json data/rates.json
var officeData embed.FS

// RealOffices returns the offices in the portal's directory data file.
func RealOffices() ([]Office, error) { return loadOffices("data/offices.json", false) }

// DemoOffices returns development-only offices; they are never loaded in
// production and are marked as demo data wherever they are shown.
func DemoOffices() ([]Office, error) { return loadOffices("data/demo_offices.json", true) }

func loadOffices(name string, demo bool) ([]Office, error) {
	b, err := officeData.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var out []Office
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	for i := range out {
		if err := out[i].Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if out[i].Demo != demo {
			return nil, fmt.Errorf("%s: office %s has demo=%v", name, out[i].Municipality, out[i].Demo)
		}
		if len(out[i].Municipality) != 4 || out[i].Name == "" {
			return nil, fmt.Errorf("%s: office %q is incomplete", name, out[i].Municipality)
		}
	}
	return out, nil
}

// ParseOffices reads a directory file (a JSON list of offices, as in
// data/offices.json) and validates every office in it.
func ParseOffices(data []byte) ([]Office, error) {
	var out []Office
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("parse offices: %w", err)
	}
	for _, o := range out {
		if err := o.Validate(); err != nil {
			return nil, err
		}
		if o.Demo {
			return nil, fmt.Errorf("office %s: a directory file cannot add demo offices", o.Municipality)
		}
	}
	return out, nil
}

// Validate checks that an office is complete and its values make sense.
func (o Office) Validate() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("office %q: %s", o.Municipality, fmt.Sprintf(format, a...))
	}
	if len(o.Municipality) != 4 || strings.Trim(o.Municipality, "0123456789") != "" {
		return fail("municipality number must be four digits")
	}
	if strings.TrimSpace(o.Name) == "" || strings.TrimSpace(o.MunicipalityName) == "" {
		return fail("name and municipality name are required")
	}
	for _, a := range []Address{o.Visiting, o.Postal} {
		if strings.TrimSpace(a.Line1) == "" || len(a.PostalCode) != 4 || strings.Trim(a.PostalCode, "0123456789") != "" || strings.TrimSpace(a.Town) == "" {
			return fail("addresses need a first line, a four-digit postal code and a town")
		}
	}
	if o.PaymentDay < 1 || o.PaymentDay > 31 {
		return fail("payment day must be 1–31")
	}
	for _, h := range o.OpeningHours {
		opens, err1 := time.Parse("15:04", h.Opens)
		closes, err2 := time.Parse("15:04", h.Closes)
		if h.FromDay < 1 || h.ToDay > 7 || h.FromDay > h.ToDay || err1 != nil || err2 != nil || !opens.Before(closes) {
			return fail("opening hours %+v are not valid (days 1–7, times HH:MM, opening before closing)", h)
		}
	}
	return nil
}
