package casework

import (
	"strings"
	"testing"
)

func TestShippedOfficesAreValid(t *testing.T) {
	real, err := RealOffices()
	if err != nil {
		t.Fatal(err)
	}
	if len(real) == 0 || real[0].Municipality != "3401" || real[0].PaymentDay != 15 || !real[0].DigitalApply {
		t.Errorf("Kongsvinger: %+v", real)
	}
	demo, err := DemoOffices()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range demo {
		if !o.Demo || !strings.Contains(o.Name, "(demo)") {
			t.Errorf("demo office %s not marked as demo", o.Municipality)
		}
	}
}

func TestParseOffices(t *testing.T) {
	good := `[{"municipality":"3403","municipalityName":"Hamar","name":"NAV Hamar","visiting":{"line1":"Gate 1","postalCode":"2317","town":"Hamar"},"postal":{"line1":"Postboks 1","postalCode":"2301","town":"Hamar"},"openingHours":[{"fromDay":1,"toDay":5,"opens":"09:00","closes":"15:00"}],"paymentDay":20,"digitalApply":true,"source":"test"}]`
	if _, err := ParseOffices([]byte(good)); err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"short number":  strings.Replace(good, `"3403"`, `"340"`, 1),
		"no name":       strings.Replace(good, `"NAV Hamar"`, `""`, 1),
		"bad hours":     strings.Replace(good, `"15:00"`, `"08:00"`, 1),
		"bad day":       strings.Replace(good, `"paymentDay":20`, `"paymentDay":40`, 1),
		"demo":          strings.Replace(good, `"source"`, `"demo":true,"source"`, 1),
		"unknown field": strings.Replace(good, `"source"`, `"colour":"red","source"`, 1),
		"postal code":   strings.Replace(good, `"2317"`, `"23X7"`, 1),
	}
	for name, in := range bad {
		if _, err := ParseOffices([]byte(in)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
