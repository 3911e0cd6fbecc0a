package casework

import (
	"embed"
	"encoding/json"
	"fmt"
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
		if out[i].Demo != demo {
			return nil, fmt.Errorf("%s: office %s has demo=%v", name, out[i].Municipality, out[i].Demo)
		}
		if len(out[i].Municipality) != 4 || out[i].Name == "" {
			return nil, fmt.Errorf("%s: office %q is incomplete", name, out[i].Municipality)
		}
	}
	return out, nil
}
