package forms

import (
	"net/url"
	"reflect"
	"testing"

	"kvp/casework"
)

func TestOfficeFormKeepsWeekendsAndWhatItDoesNotShow(t *testing.T) {
	stored := casework.Office{
		Municipality: "9991", MunicipalityName: "Demoby (demo)", Name: "NAV Demoby (demo)",
		Visiting:   casework.Address{Line1: "Demogata 1", PostalCode: "9991", Town: "Demoby"},
		Postal:     casework.Address{Line1: "Postboks 1", PostalCode: "9991", Town: "Demoby"},
		PaymentDay: 20, DigitalApply: true, Demo: true, Source: "development demo data", Notes: []string{"a note"},
		OpeningHours: []casework.Hours{
			{FromDay: 1, ToDay: 5, Opens: "09:00", Closes: "15:00"},
			{FromDay: 6, ToDay: 7, Opens: "10:00", Closes: "13:00"},
		},
	}
	f := OfficeFormFrom(stored)
	if f.Opens[6] != "10:00" || f.Closes[7] != "13:00" {
		t.Errorf("weekend hours not in the form: %v %v", f.Opens, f.Closes)
	}
	// Bind it back as posted.
	v := url.Values{
		"municipality": {f.Municipality}, "municipalityName": {"Demoby"}, "officeName": {f.Name},
		"visitLine1": {f.VisitLine1}, "visitPostalCode": {f.VisitPostalCode}, "visitTown": {f.VisitTown},
		"postLine1": {f.PostLine1}, "postPostalCode": {f.PostPostalCode}, "postTown": {f.PostTown},
		"paymentDay": {f.PaymentDay}, "digitalApply": {"ja"},
	}
	for _, d := range Weekdays {
		if f.Opens[d] != "" {
			v.Set("opens"+string(rune('0'+d)), f.Opens[d])
			v.Set("closes"+string(rune('0'+d)), f.Closes[d])
		}
	}
	bound, errs := BindOffice(v)
	if len(errs) > 0 {
		t.Fatalf("errors: %+v", errs)
	}
	got := bound.Office(&stored)
	want := stored
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the office:\n got %+v\nwant %+v", got, want)
	}
	// A new office is the administrator's, never demo data.
	fresh := bound.Office(nil)
	if fresh.Demo || fresh.Source != "administrator" || fresh.Notes != nil || fresh.MunicipalityName != "Demoby" {
		t.Errorf("new office: %+v", fresh)
	}
	// Weekend times are checked like weekdays.
	v.Set("opens6", "14:00")
	v.Set("closes7", "9")
	if _, errs := BindOffice(v); !errs.Has("closes6") || !errs.Has("closes7") {
		t.Errorf("bad weekend hours accepted: %+v", errs)
	}
}
